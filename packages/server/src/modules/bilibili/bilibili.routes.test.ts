import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { nativeSetup, ref, representations, serve } from './test-app.js';
import { startFake } from './test-fake.js';

describe('GET /api/bili/manifest/:token.mpd', () => {
	it('serves an MPD whose BaseURLs are our proxy, never an upstream host', async () => {
		const setup = await startFake();
		const { mpd, reps } = await nativeSetup(setup);
		expect(mpd).toContain('type="static"');
		expect(reps.map((r) => r.id)).toEqual(['v64', 'v32', 'a30280', 'a30232']);
		for (const r of reps) expect(r.url).toMatch(/^\/api\/bili\/media\/[\w.~-]+$/);
		expect(mpd).not.toMatch(/127\.0\.0\.1|localhost|bilivideo|https?:/);
	});

	it('lets the client pick its family with ?codecs=, and says when none fits', async () => {
		const setup = await startFake();
		const { app, resolved } = await nativeSetup(setup);
		const hevc = await app.inject({ url: `${resolved.manifestUrl}?codecs=hvc1,hev1.1.6.L93.90` });
		expect(representations(hevc.body).map((r) => r.codecs)).toContain('hev1.1.6.L93.90');
		const none = await app.inject({ url: `${resolved.manifestUrl}?codecs=vp09` });
		expect(none.statusCode).toBe(409);
		expect(none.json()).toMatchObject({ ok: false, reason: 'no_codec' });
	});

	it('answers 404 to altered tokens and other token types', async () => {
		const setup = await startFake();
		const { app, resolved } = await nativeSetup(setup);
		const url = resolved.manifestUrl ?? '';
		const tampered = url.replace(/\d(?=-)/, (d) => String((Number(d) + 1) % 10));
		expect((await app.inject({ url: tampered })).statusCode).toBe(404);
		expect((await app.inject({ url: url.replace('.mpd', '') })).statusCode).toBe(404);
		const danmakuToken = (resolved.danmakuUrl ?? '').split('/').pop();
		expect((await app.inject({ url: `/api/bili/manifest/${danmakuToken}.mpd` })).statusCode).toBe(
			404,
		);
	});
});

describe('mp4 mode', () => {
	it('proxies the progressive MP4 in mp4 mode', async () => {
		const setup = await startFake();
		const { app, service } = await serve(setup, { config: { playback: 'mp4' } });
		const r = await service.resolve(ref('BV1y7411Q7Eq'), ['avc']);
		const file = await readFile(setup.fake.app.media.progressive.path);
		const res = await app.inject({ url: r.mp4Url ?? '', headers: { range: 'bytes=0-499' } });
		expect(res.statusCode).toBe(206);
		expect(res.headers['content-type']).toBe('video/mp4');
		expect(res.rawPayload.equals(file.subarray(0, 500))).toBe(true);
	});
});

describe('GET /api/bili/danmaku/:token', () => {
	it('returns the part’s danmaku parsed from the raw-deflate XML', async () => {
		const setup = await startFake();
		const { app, service } = await serve(setup);
		const r = await service.resolve(ref('BV1y7411Q7Eq'), ['avc']);
		const res = await app.inject({ url: r.danmakuUrl ?? '' });
		expect(res.statusCode).toBe(200);
		const body = res.json() as { cid: number; entries: { timeMs: number; text: string }[] };
		expect(body.cid).toBe(171776208);
		expect(body.entries.length).toBeGreaterThan(20);
		const times = body.entries.map((e) => e.timeMs);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(body.entries.map((e) => e.text)).toContain('<script>alert("xss")</script>');
		expect((await app.inject({ url: `${r.danmakuUrl}x` })).statusCode).toBe(404);
	});
});
