import type { LegacyState } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/build-test-app.js';
import {
	connectAndGetState,
	createClient,
	httpLogin,
	listen,
	waitFor,
} from '../../test/socket-client.js';

const VIDEO = 'https://www.bilibili.com/video/BV1y7411Q7Eq?p=2&t=30';

async function setup() {
	const app = await buildTestApp();
	const base = await listen(app);
	return { app, base };
}

async function loadVideo(base: string, cookie: string, url = VIDEO) {
	const res = await fetch(`${base}/video`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ url }),
	});
	return res.json() as Promise<{ ok: boolean; embed_url: string }>;
}

describe('Socket.IO gateway (original events)', () => {
	it('refuses handshakes without a session or with a forged cookie', async () => {
		const { base } = await setup();
		for (const cookie of [null, 'vt.sid=forged.signature', 'vt.sid=']) {
			const socket = createClient(base, cookie);
			await expect(connectAndGetState(socket)).rejects.toThrow('unauthorized');
		}
	});

	it('refuses a handshake from a foreign Origin', async () => {
		const { base } = await setup();
		const cookie = await httpLogin(base);
		const socket = createClient(base, cookie, { origin: 'https://evil.example' });
		await expect(connectAndGetState(socket)).rejects.toThrow();
	});

	it('sends the current state on connect, with the original fields', async () => {
		const { base } = await setup();
		const cookie = await httpLogin(base, { password: 'correct horse', name: 'Ann' });
		await loadVideo(base, cookie);
		const state = await connectAndGetState(createClient(base, cookie));
		expect(state).toMatchObject({
			url: expect.stringContaining('bvid=BV1y7411Q7Eq&p=2'),
			status: 'paused',
			position_ms: 30_000,
			actor: 'Ann',
			reported_at: expect.any(Number),
			room: 'default',
			seq: 1,
			rate: 1,
		});
	});

	it('broadcasts control to every client and video selection to everyone', async () => {
		const { base } = await setup();
		const [cookieA, cookieB] = await Promise.all([
			httpLogin(base, { password: 'correct horse', name: 'A' }),
			httpLogin(base, { user_id: 'bob', password: 'bob-pw' }),
		]);
		const a = createClient(base, cookieA);
		const b = createClient(base, cookieB);
		await Promise.all([connectAndGetState(a), connectAndGetState(b)]);

		const bSeesVideo = waitFor<LegacyState>(b, 'state', 5_000, (s) => s.url !== null);
		await loadVideo(base, cookieA);
		expect((await bSeesVideo).url).toContain('BV1y7411Q7Eq');

		const aSeesPlay = waitFor<LegacyState>(a, 'state', 5_000, (s) => s.status === 'playing');
		const bSeesPlay = waitFor<LegacyState>(b, 'state', 5_000, (s) => s.status === 'playing');
		const ack = await b.emitWithAck('control', {
			type: 'play',
			position_ms: 31_000,
			reported_at: Date.now(),
		});
		expect(ack).toMatchObject({ ok: true });
		const [sa, sb] = await Promise.all([aSeesPlay, bSeesPlay]);
		expect(sa.actor).toBe('bob');
		expect(sa.seq).toBe(sb.seq);
		expect(sb.position_ms).toBeGreaterThanOrEqual(31_000);

		const aSeesSeek = waitFor<LegacyState>(a, 'state', 5_000, (s) => s.seq === sa.seq + 1);
		b.emit('control', { type: 'seek', position_ms: 120_000, reported_at: Date.now() });
		const seek = await aSeesSeek;
		expect(seek.status).toBe('playing');
		expect(seek.position_ms).toBeGreaterThanOrEqual(120_000);
		expect(seek.position_ms).toBeLessThan(125_000);

		const bSeesPause = waitFor<LegacyState>(b, 'state', 5_000, (s) => s.status === 'paused');
		a.emit('control', { type: 'pause', position_ms: 121_500 });
		expect(await bSeesPause).toMatchObject({ status: 'paused', position_ms: 121_500, actor: 'A' });
	});

	it('rejects invalid payloads with a clear error and changes nothing', async () => {
		const { base } = await setup();
		const cookie = await httpLogin(base);
		await loadVideo(base, cookie);
		const socket = createClient(base, cookie);
		const initial = await connectAndGetState(socket);
		const bad: unknown[] = [
			{ type: 'rewind', position_ms: 0 },
			{ type: 'play', position_ms: -5 },
			{ type: 'play', position_ms: '10' },
			{ type: 'play' },
			{ type: 'play', position_ms: 1, extra: true },
			null,
			'play',
			[1, 2, 3],
		];
		for (const payload of bad) {
			const ack = await socket.emitWithAck('control', payload as never);
			expect(ack).toMatchObject({
				ok: false,
				error: 'invalid_payload',
				message: expect.stringMatching(/Invalid control/),
			});
		}
		const appError = waitFor<{ event: string; error: string }>(socket, 'app:error');
		socket.emit('control', { type: 'nope' } as never);
		expect(await appError).toMatchObject({ event: 'control', error: 'invalid_payload' });
		const unknown = waitFor<{ event: string; error: string }>(socket, 'app:error');
		(socket as unknown as { emit: (e: string, p: unknown) => void }).emit('launch-missiles', {});
		expect(await unknown).toMatchObject({ event: 'launch-missiles', error: 'invalid_payload' });

		// A heartbeat far off makes the server re-send its state: still the unchanged one.
		const resent = waitFor<LegacyState>(socket, 'state', 2_000);
		const after = await socket.emitWithAck('heartbeat', {
			url: initial.url,
			status: 'playing',
			position_ms: 0,
		});
		expect(after).toMatchObject({ ok: true, corrected: true });
		expect(await resent).toMatchObject({
			seq: initial.seq,
			status: 'paused',
			position_ms: initial.position_ms,
		});
	});

	it('control before any video is loaded is rejected with no_media', async () => {
		const { base } = await setup();
		const cookie = await httpLogin(base);
		const socket = createClient(base, cookie);
		await connectAndGetState(socket);
		const ack = await socket.emitWithAck('control', { type: 'play', position_ms: 0 });
		expect(ack).toMatchObject({ ok: false, error: 'no_media' });
	});

	it('answers a heartbeat more than 2 s off with a corrected state, and leaves an in-sync one alone', async () => {
		const { base } = await setup();
		const cookie = await httpLogin(base);
		const { embed_url } = await loadVideo(base, cookie);
		const socket = createClient(base, cookie);
		const state = await connectAndGetState(socket);

		const fine = await socket.emitWithAck('heartbeat', {
			url: embed_url,
			status: 'paused',
			position_ms: state.position_ms + 1_500,
		});
		expect(fine).toEqual({ ok: true, corrected: false });

		const corrected = waitFor<LegacyState>(socket, 'state');
		const off = await socket.emitWithAck('heartbeat', {
			url: embed_url,
			status: 'paused',
			position_ms: state.position_ms + 2_500,
		});
		expect(off).toEqual({ ok: true, corrected: true });
		expect((await corrected).position_ms).toBe(30_000);
	});

	it('logout disconnects that session’s sockets and no others', async () => {
		const { base } = await setup();
		const [mine, theirs] = await Promise.all([httpLogin(base), httpLogin(base)]);
		const a1 = createClient(base, mine);
		const a2 = createClient(base, mine);
		const b = createClient(base, theirs);
		await Promise.all([a1, a2, b].map((s) => connectAndGetState(s)));
		const gone = Promise.all([a1, a2].map((s) => waitFor<string>(s, 'disconnect')));
		await fetch(`${base}/logout`, { method: 'POST', headers: { cookie: mine } });
		expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
		expect(b.connected).toBe(true);
		const again = createClient(base, mine);
		await expect(connectAndGetState(again)).rejects.toThrow('unauthorized');
	});

	it('drops a connection that sends a message over the 64 KiB cap', async () => {
		const { base } = await setup();
		const cookie = await httpLogin(base);
		const socket = createClient(base, cookie);
		await connectAndGetState(socket);
		const closed = waitFor<string>(socket, 'disconnect');
		socket.emit('heartbeat', { url: 'x'.repeat(70 * 1024), status: 'paused', position_ms: 0 });
		expect(await closed).toBe('transport close');
	});
});
