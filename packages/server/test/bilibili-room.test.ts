/**
 * The Bilibili ladder in a room, end to end over real sockets against the fake upstream: a link
 * plays at once on the embed, then the whole room upgrades together to native DASH through our
 * proxy (same timeline, new seq); the MPD and the proxied bytes are served same-origin; short
 * links resolve. Upstream failures (timeouts, risk control, garbage) are in faults.test.ts.
 */
import type { RoomDetails, RoomPlayback } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { bilibiliRoom as setup, postVideo as post } from './bilibili-fixture.js';
import { waitFor } from './socket-client.js';

describe('Bilibili in a room', () => {
	it(
		'starts on the embed at once, then upgrades everyone to native playback keeping the timeline',
		{ timeout: 30_000 },
		async () => {
			const { base, cookie, socket, fake } = await setup();
			const upgraded = waitFor<RoomPlayback>(
				socket,
				'playback:state',
				20_000,
				(s) => s.playback.media?.playback?.mode === 'native',
			);
			const res = await post(base, cookie, 'https://www.bilibili.com/video/BV17x411w7KC?p=2&t=3');
			expect(res.status).toBe(200);
			const body = (await res.json()) as { embed_url: string; media: { playback?: unknown } };
			expect(body.embed_url).toContain('bvid=BV17x411w7KC');
			expect(body.media.playback).toBeUndefined();

			const state = await upgraded;
			const m = state.playback.media;
			expect(m).toMatchObject({
				id: 'bilibili:BV17x411w7KC:p2',
				page: 2,
				playback: { mode: 'native', reason: null },
			});
			expect(m?.parts).toHaveLength(3);
			expect(m?.durationMs).toBeGreaterThan(0);
			expect(state.playback.positionMs).toBe(3_000);
			expect(fake.app.hits('playurl')).toBe(1);

			// The manifest and the media bytes come from our origin, not Bilibili's.
			const manifestUrl = m?.playback?.manifestUrl ?? '';
			expect(manifestUrl.startsWith('/api/bili/')).toBe(true);
			const mpd = await (
				await fetch(`${base}${manifestUrl}?codecs=avc`, { headers: { cookie } })
			).text();
			expect(mpd).toContain('<MPD');
			const mediaPath = /<BaseURL>([^<]+)<\/BaseURL>/.exec(mpd)?.[1]?.replace(/&amp;/g, '&') ?? '';
			expect(mediaPath.startsWith('/api/bili/media/')).toBe(true);
			const range = await fetch(`${base}${mediaPath}`, {
				headers: { cookie, range: 'bytes=0-99' },
			});
			expect(range.status).toBe(206);
			expect(range.headers.get('content-range')).toMatch(/^bytes 0-99\//);
			expect((await range.arrayBuffer()).byteLength).toBe(100);
			// Not without a session.
			expect((await fetch(`${base}${mediaPath}`)).status).toBe(401);
			// Operators see the upstream calls and the proxied bytes.
			const metrics = await (await fetch(`${base}/metrics`)).text();
			expect(metrics).toMatch(/^vt_upstream_requests_total\{endpoint="playurl",outcome="ok"\} 1$/m);
			expect(metrics).toMatch(/^vt_proxy_bytes_total 100$/m);
		},
	);

	it(
		'resolves a queued Bilibili item ahead of its turn, so it starts on the native player at once',
		{ timeout: 30_000 },
		async () => {
			const { base, cookie, socket, fake } = await setup();
			expect((await post(base, cookie, 'https://media.example/now.mp4')).status).toBe(200);
			const prepared = waitFor<RoomDetails>(
				socket,
				'room:info',
				20_000,
				(d) => d.queue[0]?.media.playback?.mode === 'native',
			);
			const ack = await socket
				.timeout(5_000)
				.emitWithAck('queue:command', { type: 'add', url: 'BV1y7411Q7Eq' });
			expect(ack).toMatchObject({ ok: true });
			const details = await prepared;
			const queued = details.queue[0]?.media;
			expect(queued?.durationMs).toBeGreaterThan(0);
			expect(queued?.playback?.manifestUrl?.startsWith('/api/bili/manifest/')).toBe(true);
			expect(fake.app.hits('playurl')).toBe(1);

			// Its turn: the room loads it already native, with no second upstream call.
			const started = waitFor<RoomPlayback>(
				socket,
				'playback:state',
				10_000,
				(s) => s.playback.media?.id === queued?.id,
			);
			expect(
				await socket.timeout(5_000).emitWithAck('queue:command', { type: 'next' }),
			).toMatchObject({ ok: true });
			const state = await started;
			expect(state.playback.media?.playback).toMatchObject({ mode: 'native', reason: null });
			expect(fake.app.hits('playurl')).toBe(1);
		},
	);

	it(
		'follows b23.tv short links through the configured short-link host',
		{ timeout: 30_000 },
		async () => {
			const { base, cookie } = await setup();
			const res = await post(base, cookie, `看这个 https://b23.tv/pigt3PQ`);
			expect(res.status).toBe(200);
			expect(((await res.json()) as { embed_url: string }).embed_url).toMatch(/bvid=BV\w+&p=2/);
			const loop = await post(base, cookie, 'https://b23.tv/loop000');
			expect(loop.status).toBeGreaterThanOrEqual(400);
			expect(loop.status).toBeLessThan(600);
			expect(((await loop.json()) as { ok: boolean }).ok).toBe(false);
		},
	);
});
