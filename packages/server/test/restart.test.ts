/**
 * Restart: a real server process with the embedded store is killed mid-playback (SIGTERM and
 * SIGKILL) and started again on the same data directory. The room, its media, position (advanced
 * by the elapsed time), rate, queue, chat and the login session are all there, and a connected
 * client reconnects by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatMessage, RoomPlayback } from '@videotogether/shared';
import { expectedPositionMs } from '@videotogether/shared';
import { io } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { httpLogin, waitFor, type TestSocket } from './socket-client.js';
import { exited, freePort, startServer } from './process.js';

async function roomSetup(base: string) {
	const cookie = await httpLogin(base, { password: 'pw', name: 'Ann' });
	const socket: TestSocket = io(base, {
		transports: ['websocket'],
		extraHeaders: { cookie },
		reconnectionDelay: 100,
		reconnectionDelayMax: 300,
	});
	onTestFinished(() => {
		socket.disconnect();
	});
	const first = await waitFor<RoomPlayback>(socket, 'playback:state');
	const emit = (event: string, payload: unknown) =>
		(
			socket as unknown as {
				emitWithAck: (e: string, p: unknown) => Promise<{ ok: boolean; state?: RoomPlayback }>;
			}
		).emitWithAck(event, payload);
	const loaded = await emit('playback:command', {
		type: 'load',
		url: 'https://media.example/film.mp4',
		seq: first.playback.seq,
	});
	const rated = await emit('playback:command', {
		type: 'rate',
		rate: 1.5,
		seq: loaded.state?.playback.seq,
	});
	const played = await emit('playback:command', { type: 'play', seq: rated.state?.playback.seq });
	expect(
		(await emit('queue:command', { type: 'add', url: 'https://media.example/next.mp4' })).ok,
	).toBe(true);
	expect((await emit('chat:send', { message: '重启也不怕' })).ok).toBe(true);
	return { cookie, socket, playing: played.state as RoomPlayback };
}

describe.each(['SIGTERM', 'SIGKILL'] as const)('restart after %s', (signal) => {
	it('loses nothing and the client resyncs by itself', { timeout: 60_000 }, async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'vt-restart-'));
		onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
		const port = await freePort();
		const base = `http://127.0.0.1:${port}`;
		const first = await startServer(port, { APP_DATA_DIR: dataDir });
		const { cookie, socket, playing } = await roomSetup(base);

		const reconnected = waitFor<RoomPlayback>(
			socket,
			'playback:state',
			20_000,
			(s) => s.playback.seq >= playing.playback.seq,
		);
		const downAt = Date.now();
		const exit = exited(first);
		first.kill(signal);
		const code = await exit;
		if (signal === 'SIGTERM') expect(code).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 500));
		await startServer(port, { APP_DATA_DIR: dataDir });

		const state = await reconnected;
		expect(state.phase).toBe('playing');
		expect(state.playback).toMatchObject({
			media: playing.playback.media,
			rate: 1.5,
			paused: false,
		});
		// The position advanced by the time the server was down (at 1.5×).
		const now = Date.now();
		expect(expectedPositionMs(state.playback, now)).toBeGreaterThanOrEqual(
			expectedPositionMs(playing.playback, downAt) + 1.5 * 500,
		);
		const info = await (async () => {
			const me = await fetch(`${base}/api/session`, { headers: { cookie } });
			expect(me.status).toBe(200);
			return (await (await fetch(`${base}/api/rooms/default`, { headers: { cookie } })).json()) as {
				room: { queueLength: number };
			};
		})();
		expect(info.room.queueLength).toBe(1);
		const chat = (await (
			await fetch(`${base}/api/chat/history`, { headers: { cookie } })
		).json()) as { messages: ChatMessage[] };
		expect(chat.messages.map((m) => m.text)).toEqual(['重启也不怕']);
	});
});
