import type { ChatMessage, RoomDetails, RoomPlayback } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/build-test-app.js';
import {
	createClient,
	httpLogin,
	listen,
	waitFor,
	type TestSocket,
} from '../../test/socket-client.js';

const MEDIA = 'https://media.example/film.mp4';

async function server(env: Record<string, string> = {}) {
	const app = await buildTestApp(env);
	return listen(app);
}

async function login(base: string, name: string) {
	return httpLogin(base, { password: 'correct horse', name });
}

async function createRoom(base: string, cookie: string, body: object) {
	const res = await fetch(`${base}/api/rooms`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify(body),
	});
	return {
		status: res.status,
		body: (await res.json()) as { ok: boolean; room: { id: string; name: string } },
	};
}

async function join(base: string, cookie: string, room?: string) {
	const socket = createClient(base, cookie, {}, room);
	const [state, info] = await Promise.all([
		waitFor<RoomPlayback>(socket, 'playback:state'),
		waitFor<RoomDetails>(socket, 'room:info'),
	]);
	return { socket, state, info };
}

const ack = <
	T = { ok: boolean; error?: string; message?: unknown; retry_after_s?: number; limit?: number },
>(
	socket: TestSocket,
	event: string,
	payload: unknown,
) =>
	(socket as unknown as { emitWithAck: (e: string, p: unknown) => Promise<T> }).emitWithAck(
		event,
		payload,
	);

describe('rooms over real sockets', () => {
	it('creates a room by HTTP, lists it with its viewers, and refuses unknown rooms', async () => {
		const base = await server();
		const cookie = await login(base, 'Ann');
		const created = await createRoom(base, cookie, { name: '  周末电影  ', controlMode: 'host' });
		expect(created.body).toMatchObject({
			ok: true,
			room: { name: '周末电影', controlMode: 'host', hostName: 'Ann' },
		});
		const id = created.body.room.id;
		const { info } = await join(base, cookie, id);
		expect(info.room).toMatchObject({ id, hostName: 'Ann', controlMode: 'host' });
		const list = (await (await fetch(`${base}/api/rooms`, { headers: { cookie } })).json()) as {
			rooms: { id: string; viewers: string[] }[];
		};
		expect(list.rooms.map((r) => r.id)).toEqual(['default', id]);
		expect(list.rooms[1]?.viewers).toEqual(['Ann']);
		const missing = createClient(base, cookie, {}, 'nope-nope');
		await expect(new Promise((_, reject) => missing.once('connect_error', reject))).rejects.toThrow(
			'room_not_found',
		);
		expect((await createRoom(base, cookie, { name: '   ' })).status).toBe(400);
	});

	it('keeps rooms isolated: playback, chat and presence never leak across rooms', async () => {
		const base = await server();
		const ann = await login(base, 'Ann');
		const bo = await login(base, 'Bo');
		const roomId = (await createRoom(base, ann, { name: 'Second' })).body.room.id;
		const inSecond = await join(base, ann, roomId);
		const inDefault = await join(base, bo);
		const leaks: string[] = [];
		for (const event of ['playback:state', 'chat:message', 'room:info'])
			inDefault.socket.on(event as never, (() => leaks.push(event)) as never);

		const loaded = (await ack(inSecond.socket, 'playback:command', {
			type: 'load',
			url: MEDIA,
			seq: 0,
		})) as { ok: boolean };
		expect(loaded.ok).toBe(true);
		expect((await ack(inSecond.socket, 'chat:send', { message: 'only here' })).ok).toBe(true);
		expect((await ack(inSecond.socket, 'queue:command', { type: 'add', url: MEDIA })).ok).toBe(
			true,
		);
		// A round trip in the default room proves its socket is live and would have seen leaks by now.
		const own = waitFor<ChatMessage>(inDefault.socket, 'chat:message');
		await ack(inDefault.socket, 'chat:send', { message: 'default room' });
		expect((await own).room).toBe('default');
		expect(leaks).toEqual(['chat:message']);
		const history = (await (
			await fetch(`${base}/api/chat/history?room=${roomId}`, { headers: { cookie: ann } })
		).json()) as { messages: ChatMessage[] };
		expect(history.messages.map((m) => m.text)).toEqual(['only here']);
	});

	it('host-only mode: the guest is refused with not_allowed and may ask the host instead', async () => {
		const base = await server();
		const host = await login(base, 'Host');
		const guest = await login(base, 'Guest');
		const roomId = (await createRoom(base, host, { name: 'Hosted', controlMode: 'host' })).body.room
			.id;
		const h = await join(base, host, roomId);
		const g = await join(base, guest, roomId);
		const loaded = (await ack(h.socket, 'playback:command', {
			type: 'load',
			url: MEDIA,
			seq: 0,
		})) as { ok: boolean; state: RoomPlayback };
		const seq = loaded.state.playback.seq;
		expect(await ack(g.socket, 'playback:command', { type: 'play', seq })).toMatchObject({
			ok: false,
			error: 'not_allowed',
		});
		expect(
			await ack(g.socket, 'room:update', { type: 'control-mode', mode: 'everyone' }),
		).toMatchObject({ ok: false, error: 'not_allowed' });

		const request = waitFor<{ action: string; fromName: string }>(h.socket, 'room:request');
		expect(await ack(g.socket, 'room:request', { action: 'play' })).toMatchObject({ ok: true });
		expect(await request).toMatchObject({ action: 'play', fromName: 'Guest' });

		// The host opens control to everyone: now the guest's command goes through.
		const opened = waitFor<RoomDetails>(
			g.socket,
			'room:info',
			5_000,
			(d) => d.room.controlMode === 'everyone',
		);
		expect(
			await ack(h.socket, 'room:update', { type: 'control-mode', mode: 'everyone' }),
		).toMatchObject({ ok: true });
		await opened;
		expect(await ack(g.socket, 'playback:command', { type: 'play', seq })).toMatchObject({
			ok: true,
		});
	});

	it('auto-advances the queue when the current item ends, everyone starting together', async () => {
		const base = await server();
		const ann = await login(base, 'Ann');
		const a = await join(base, ann);
		const b = await join(base, await login(base, 'Bo'));
		const loaded = (await ack(a.socket, 'playback:command', {
			type: 'load',
			url: 'https://media.example/short.mp4',
			seq: a.state.playback.seq,
		})) as { state: RoomPlayback };
		expect(
			(await ack(a.socket, 'queue:command', { type: 'add', url: 'https://media.example/next.mp4' }))
				.ok,
		).toBe(true);
		const mediaId = loaded.state.playback.media?.id;
		// A player reports the duration (1.2 s) and the room plays: the server ends it and advances.
		await ack(a.socket, 'player:status', { status: 'ready', mediaId });
		await ack(a.socket, 'playback:command', { type: 'play', seq: loaded.state.playback.seq });
		const advancedA = waitFor<RoomPlayback>(
			a.socket,
			'playback:state',
			8_000,
			(s) => s.playback.media?.url.endsWith('next.mp4') ?? false,
		);
		const advancedB = waitFor<RoomPlayback>(
			b.socket,
			'playback:state',
			8_000,
			(s) => s.playback.media?.url.endsWith('next.mp4') ?? false,
		);
		const queueEmptied = waitFor<RoomDetails>(
			b.socket,
			'room:info',
			8_000,
			(d) => d.queue.length === 0,
		);
		await ack(a.socket, 'player:status', { status: 'ready', mediaId, durationMs: 1_200 });
		const [sa, sb] = await Promise.all([advancedA, advancedB, queueEmptied]);
		expect(sa.phase).toBe('playing');
		expect(sa.playback).toEqual(sb.playback);
		expect(sa.playback.anchorMs - sa.serverTimeMs).toBeGreaterThan(1_000);
	});

	it('chat: original chat:send/chat:message shapes, limits with retry_after_s, history on join', async () => {
		const base = await server();
		const ann = await login(base, 'Ann');
		const a = await join(base, ann);
		const b = await join(base, await login(base, 'Bo'));
		const received = waitFor<ChatMessage>(b.socket, 'chat:message');
		const sent = (await ack(a.socket, 'chat:send', { message: '开始了！' })) as {
			ok: boolean;
			message: ChatMessage;
		};
		expect(sent).toMatchObject({ ok: true, message: { text: '开始了！', name: 'Ann' } });
		expect(await received).toEqual(sent.message);
		expect(await ack(a.socket, 'chat:send', { message: 'again' })).toMatchObject({
			ok: false,
			error: 'rate_limited',
			retry_after_s: 1,
		});
		expect(await ack(b.socket, 'chat:send', { message: 'x'.repeat(501) })).toMatchObject({
			ok: false,
			error: 'too_long',
			limit: 500,
		});
		expect(await ack(b.socket, 'chat:send', { message: 42 })).toMatchObject({
			ok: false,
			error: 'invalid_payload',
		});

		const late = createClient(base, ann);
		const history = await waitFor<{ messages: ChatMessage[] }>(late, 'chat:history');
		expect(history.messages.map((m) => m.text)).toEqual(['开始了！']);
		const http = (await (
			await fetch(`${base}/api/chat/history?limit=10`, { headers: { cookie: ann } })
		).json()) as { messages: ChatMessage[] };
		expect(http.messages).toEqual(history.messages);
		expect(
			(await fetch(`${base}/api/chat/history?limit=0`, { headers: { cookie: ann } })).status,
		).toBe(400);
	});

	it('deleting a room (host only) disconnects its viewers', async () => {
		const base = await server();
		const host = await login(base, 'Host');
		const guest = await login(base, 'Guest');
		const roomId = (await createRoom(base, host, { name: 'Temp' })).body.room.id;
		const g = await join(base, guest, roomId);
		const refused = await fetch(`${base}/api/rooms/${roomId}`, {
			method: 'DELETE',
			headers: { cookie: guest },
		});
		expect(refused.status).toBe(403);
		const gone = waitFor<string>(g.socket, 'disconnect');
		const deleted = await fetch(`${base}/api/rooms/${roomId}`, {
			method: 'DELETE',
			headers: { cookie: host },
		});
		expect(deleted.status).toBe(200);
		expect(await gone).toBe('io server disconnect');
		expect((await fetch(`${base}/api/rooms/${roomId}`, { headers: { cookie: host } })).status).toBe(
			404,
		);
		expect(
			(await fetch(`${base}/api/rooms/default`, { method: 'DELETE', headers: { cookie: host } }))
				.status,
		).toBe(403);
	});
});
