/**
 * The fault suite: real sockets, real ports, the real fake Bilibili — and something broken on
 * purpose. Each time the room keeps working for everyone else, nothing acknowledged is lost, and
 * the affected party recovers by itself.
 *
 * - a viewer's network path dies for 10 s (reset and refused, or blackholed);
 * - Bilibili times out, answers HTTP 412 (risk control), answers garbage — then comes back;
 * - slow readers fill the media proxy.
 *
 * Killing and restarting the server mid-playback is restart.test.ts (SIGTERM and SIGKILL).
 */
import { copyFileSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadMedia, type MediaCatalog } from '@videotogether/fake-bilibili';
import type { ChatMessage, RoomMembers, RoomPlayback } from '@videotogether/shared';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import {
	bilibiliRoom,
	fakeEnv,
	loadNative,
	postVideo,
	startFakeBilibili,
	untilResolved,
} from './bilibili-fixture.js';
import { buildTestApp, TEST_PASSWORD } from './build-test-app.js';
import { freePort, startServer } from './process.js';
import {
	RECONNECTING,
	joinAs,
	latest,
	listen,
	memberNames,
	nextMembers,
	nextPlayback,
	playbackCommand,
	waitFor,
} from './socket-client.js';
import { startRelay } from './tcp-relay.js';

const MEDIA = 'https://media.example/film.mp4';
const OUTAGE_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a viewer loses the connection for 10 s', () => {
	it(
		'the others carry on, and the viewer comes back by itself to the current state',
		{ timeout: 60_000 },
		async () => {
			const app = await buildTestApp();
			const base = await listen(app);
			const port = Number(new URL(base).port);
			const cy = await joinAs(base, 'Cy');
			const di = await joinAs(base, 'Di');
			// Ann's path will be reset and refused; Bo's blackholed (nothing passes, nothing closes).
			const annLink = await startRelay(port);
			const boLink = await startRelay(port);
			const ann = await joinAs(base, 'Ann', { via: annLink.url, ...RECONNECTING });
			const bo = await joinAs(base, 'Bo', { via: boLink.url, ...RECONNECTING });
			const present = latest<RoomMembers | null>(di.socket, 'room:members', null);
			const boSaw = latest<RoomPlayback>(bo.socket, 'playback:state', bo.first);
			await expect
				.poll(() => memberNames(present() ?? { room: '', members: [], count: 0 }))
				.toEqual(['Ann', 'Bo', 'Cy', 'Di']);

			let state = (
				await playbackCommand(cy.socket, { type: 'load', url: MEDIA, seq: cy.first.playback.seq })
			).state as RoomPlayback;
			const everyoneSeesPlay = [ann, bo, di].map((v) =>
				nextPlayback(v.socket, (s) => s.phase === 'playing'),
			);
			state = (await playbackCommand(cy.socket, { type: 'play', seq: state.playback.seq }))
				.state as RoomPlayback;
			await Promise.all(everyoneSeesPlay);

			// The outage.
			const annDropped = waitFor(ann.socket, 'disconnect');
			const annGone = nextMembers(di.socket, (m) => !memberNames(m).includes('Ann'));
			const downAt = Date.now();
			annLink.cut();
			boLink.blackhole();
			await annDropped;
			// The server saw Ann's transport die and the others see her leave.
			await annGone;

			// Meanwhile Cy drives the room; Di gets every step while Ann and Bo are away.
			const steps = [
				{ type: 'seek', positionMs: 42_000 },
				{ type: 'rate', rate: 1.25 },
				{ type: 'pause' },
				{ type: 'seek', positionMs: 90_000 },
				{ type: 'play' },
			] as const;
			for (const step of steps) {
				const next = state.playback.seq + 1;
				const diSees = nextPlayback(di.socket, (s) => s.playback.seq === next);
				const ack = await playbackCommand(cy.socket, { ...step, seq: state.playback.seq });
				expect(ack.ok, step.type).toBe(true);
				state = ack.state as RoomPlayback;
				expect((await diSees).playback).toEqual(state.playback);
			}
			const cySeesChat = waitFor<ChatMessage>(cy.socket, 'chat:message');
			const sent = await di.socket
				.timeout(5_000)
				.emitWithAck('chat:send', { message: '他们掉线了' });
			expect(sent).toMatchObject({ ok: true });
			expect((await cySeesChat).text).toBe('他们掉线了');
			// All of that happened inside the outage: neither link has come back yet.
			expect([annLink.state, boLink.state]).toEqual(['cut', 'blackhole']);
			expect(ann.socket.connected).toBe(false);
			expect(boSaw().playback.seq).toBeLessThan(state.playback.seq);

			const final = state.playback;
			// The network comes back after 10 s.
			const annBack = nextPlayback(ann.socket, (s) => s.playback.seq === final.seq, 20_000);
			const annHistory = waitFor<{ messages: ChatMessage[] }>(ann.socket, 'chat:history', 20_000);
			const boBack = nextPlayback(bo.socket, (s) => s.playback.seq === final.seq, 20_000);
			const annReturns = nextMembers(di.socket, (m) => memberNames(m).includes('Ann'), 20_000);
			await sleep(OUTAGE_MS - (Date.now() - downAt));
			annLink.heal();
			boLink.heal();

			// Both converge on the room's current state by themselves; nothing acknowledged is lost.
			expect((await annBack).playback).toEqual(final);
			expect((await boBack).playback).toEqual(final);
			expect(final).toMatchObject({ paused: false, rate: 1.25, positionMs: 90_000 });
			expect((await annHistory).messages.map((m) => m.text)).toContain('他们掉线了');
			await annReturns;
			// Presence settles on one entry per viewer (no ghost of the dead connections).
			await expect.poll(() => present()?.count, { timeout: 20_000 }).toBe(4);
			expect(memberNames(present() as RoomMembers)).toEqual(['Ann', 'Bo', 'Cy', 'Di']);

			// And Ann drives the room again: everyone follows.
			const seen = [bo, cy, di].map((v) =>
				nextPlayback(v.socket, (s) => s.playback.seq === final.seq + 1),
			);
			const pause = await playbackCommand(ann.socket, { type: 'pause', seq: final.seq });
			expect(pause.ok).toBe(true);
			for (const s of await Promise.all(seen)) expect(s.playback.actor).toBe('Ann');
		},
	);
});

describe.each([
	{ fault: 'times out', mode: 'slow', options: { delayMs: 8_000 }, reason: 'upstream_down' },
	{
		fault: 'answers HTTP 412 (risk control)',
		mode: 'risk',
		options: {},
		reason: 'risk_controlled',
	},
	{ fault: 'answers garbage', mode: 'garbage', options: {}, reason: 'upstream_down' },
] as const)('Bilibili $fault', ({ mode, options, reason }) => {
	it(
		'the room stays usable on the embed with the reason, and plays natively once Bilibili is back',
		{ timeout: 40_000 },
		async () => {
			// Our clock, so the 30 s back-off on a failed video can pass without waiting for it.
			const clock = new ManualClock(Date.now());
			const { fake, base, cookie, socket } = await bilibiliRoom({
				env: { BILIBILI_UPSTREAM_TIMEOUT_MS: '2000' },
				overrides: { clock },
			});
			const di = await joinAs(base, 'Di');
			const now = latest<RoomPlayback>(di.socket, 'playback:state', di.first);
			fake.app.setMode(mode, options);

			const id = 'bilibili:BV1y7411Q7Eq:p1';
			const loaded = nextPlayback(di.socket, (s) => s.playback.media?.id === id);
			let settled = false;
			const fellBack = untilResolved(socket, id).then((s) => {
				settled = true;
				return s;
			});
			expect((await postVideo(base, cookie, 'BV1y7411Q7Eq')).status).toBe(200);
			// The room works while Bilibili is failing: another viewer seeks and chats.
			const seek = await playbackCommand(di.socket, {
				type: 'seek',
				positionMs: 4_000,
				seq: (await loaded).playback.seq,
			});
			expect(seek.ok).toBe(true);
			const chat = await di.socket.timeout(5_000).emitWithAck('chat:send', { message: '卡住了吗' });
			expect(chat).toMatchObject({ ok: true });
			// A slow upstream holds nothing up: that all happened before the resolution gave up.
			if (mode === 'slow') expect(settled).toBe(false);

			const fallback = await fellBack;
			expect(fallback.playback.media?.playback).toMatchObject({ mode: 'embed', reason });
			expect(fallback.playback.media?.embedUrl).toContain('player.bilibili.com');
			// The acknowledged seek survived the fallback.
			await expect.poll(() => now().playback.media?.playback?.mode).toBe('embed');
			expect(now().playback.positionMs).toBe(4_000);

			// Bilibili recovers: the next video plays natively at once…
			fake.app.setMode('ok');
			const other = 'bilibili:BV17x411w7KC:p1';
			const otherNative = untilResolved(socket, other);
			const load = await playbackCommand(di.socket, {
				type: 'load',
				url: 'BV17x411w7KC',
				seq: now().playback.seq,
			});
			expect(load.ok).toBe(true);
			expect((await otherNative).playback.media?.playback).toMatchObject({ mode: 'native' });
			// …and the one that failed does too, once its back-off has passed.
			clock.advance(31_000);
			const again = untilResolved(socket, id);
			expect((await postVideo(base, cookie, 'BV1y7411Q7Eq')).status).toBe(200);
			expect((await again).playback.media?.playback).toMatchObject({
				mode: 'native',
				reason: null,
			});
		},
	);
});

/** The fixture's streams padded (sparsely) to the size of a real episode's, so they outlast any buffer. */
async function paddedCatalog(size: number): Promise<MediaCatalog> {
	const media = await loadMedia();
	const dir = mkdtempSync(join(tmpdir(), 'vt-padded-'));
	onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
	const byStreamId = new Map<number, { path: string; size: number }>();
	for (const [id, file] of media.byStreamId) {
		const path = join(dir, basename(file.path));
		copyFileSync(file.path, path);
		truncateSync(path, size);
		byStreamId.set(id, { path, size });
	}
	return { ...media, byStreamId };
}

/** A GET whose body is not read: the reader stalls (from its own address, like another person). */
function stalledGet(
	port: number,
	path: string,
	cookie: string,
	localAddress: string,
	headers: Record<string, string> = {},
): Promise<{ res: IncomingMessage; abort: () => void }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				host: '127.0.0.1',
				port,
				path,
				localAddress,
				agent: false,
				headers: { cookie, ...headers },
			},
			(res) => {
				res.pause();
				resolve({ res, abort: () => req.destroy() });
			},
		);
		onTestFinished(() => void req.destroy());
		req.on('error', reject);
		req.end();
	});
}

/** Reads a whole response body. */
async function bodyOf(res: IncomingMessage): Promise<Buffer> {
	res.resume();
	const chunks: Buffer[] = [];
	for await (const chunk of res) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

describe('slow readers fill the media proxy', () => {
	it(
		'past the per-person bound a clear 429, memory stays flat, others still stream, aborts free upstream',
		{ timeout: 60_000 },
		async () => {
			const SIZE = 128 * 1024 ** 2;
			const PER_CLIENT = 6; // DEFAULT_PROXY_LIMITS.perClient
			const fake = await startFakeBilibili(await paddedCatalog(SIZE));
			// The CDN path goes through a relay that counts what the server pulls from upstream.
			const cdn = await startRelay(fake.port);
			fake.app.setBases({ cdnBase: cdn.url, backupCdnBase: cdn.url, pcdnBase: null });
			// A server process of its own, so its memory is its own.
			const dataDir = mkdtempSync(join(tmpdir(), 'vt-faults-'));
			onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
			const port = await freePort();
			const base = `http://127.0.0.1:${port}`;
			await startServer(port, {
				...fakeEnv(fake, [`127.0.0.1:${cdn.port}`]),
				APP_SHARED_PASSWORD: TEST_PASSWORD,
				APP_DATA_DIR: dataDir,
			});
			const metric = async (name: string) => {
				const text = await (await fetch(`${base}/metrics`)).text();
				return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
			};
			const cy = await joinAs(base, 'Cy');
			const di = await joinAs(base, 'Di');
			const state = latest<RoomPlayback>(di.socket, 'playback:state', di.first);
			const { streams } = await loadNative(base, cy.cookie, cy.socket);
			const [video, audio] = streams as [string, string];
			// Warm the proxy's code paths up, then take the baseline.
			const warm = await stalledGet(port, video, cy.cookie, '127.0.0.3', { range: 'bytes=0-99' });
			expect((await bodyOf(warm.res)).byteLength).toBe(100);
			const rssBefore = await metric('vt_process_resident_memory_bytes');

			// One person (127.0.0.2) opens whole-stream GETs and never reads them.
			const slow = [];
			for (let i = 0; i < PER_CLIENT; i++)
				slow.push(await stalledGet(port, video, di.cookie, '127.0.0.2'));
			expect(slow.map((s) => s.res.statusCode)).toEqual(Array(PER_CLIENT).fill(200));
			const refused = await stalledGet(port, audio, di.cookie, '127.0.0.2');
			expect(refused.res.statusCode).toBe(429);
			expect(refused.res.headers['retry-after']).toBe('1');
			expect(JSON.parse((await bodyOf(refused.res)).toString())).toMatchObject({
				ok: false,
				error: 'rate_limited',
			});
			expect(await metric('vt_proxy_active_streams')).toBe(PER_CLIENT);

			// Backpressure: once the buffers between the stalled reader and upstream are full the
			// transfer stops, far short of the file; the server holds no whole files in memory.
			let pulled = -1;
			await expect
				.poll(
					() => {
						const before = pulled;
						pulled = cdn.bytesDown();
						return pulled === before;
					},
					{ interval: 500, timeout: 20_000 },
				)
				.toBe(true);
			expect(pulled).toBeLessThan((PER_CLIENT * SIZE) / 4);
			// Six stalled streams cost the server less memory than one file (mostly garbage of the
			// bytes that did pass); buffering them whole would cost six.
			const rssGrowth = (await metric('vt_process_resident_memory_bytes')) - rssBefore;
			expect(rssGrowth).toBeLessThan(SIZE);

			// Everyone else is served: another person's range requests and the room's commands.
			for (const path of [video, audio]) {
				const other = await stalledGet(port, path, cy.cookie, '127.0.0.3', {
					range: 'bytes=0-99',
				});
				expect(other.res.statusCode).toBe(206);
				expect((await bodyOf(other.res)).byteLength).toBe(100);
			}
			await expect.poll(() => state().playback.media?.playback?.mode).toBe('native');
			const diSees = nextPlayback(di.socket, (s) => s.playback.positionMs === 5_000);
			const seek = await playbackCommand(cy.socket, {
				type: 'seek',
				positionMs: 5_000,
				seq: state().playback.seq,
			});
			expect(seek.ok).toBe(true);
			await diSees;

			// The slow person gives up: every upstream request is released, and they may stream again.
			const closedBefore = cdn.closedConnections();
			for (const s of slow) s.abort();
			await expect.poll(() => metric('vt_proxy_active_streams')).toBe(0);
			await expect.poll(() => cdn.closedConnections() - closedBefore).toBe(PER_CLIENT);
			const again = await stalledGet(port, audio, di.cookie, '127.0.0.2', { range: 'bytes=0-99' });
			expect(again.res.statusCode).toBe(206);
			expect((await bodyOf(again.res)).byteLength).toBe(100);
		},
	);
});
