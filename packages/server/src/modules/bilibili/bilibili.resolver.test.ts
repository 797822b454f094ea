import { parseBilibiliLink, type BilibiliRef } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { BilibiliError } from './bilibili.errors.js';
import { startFake } from './test-fake.js';

function ref(input: string): BilibiliRef {
	const parsed = parseBilibiliLink(input);
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
}

const AVC = ['avc1.640028'];

describe('resolve: metadata and native playback against the fake', () => {
	it('resolves a 1-part video to a native manifest with one playurl call', async () => {
		const { fake, service } = await startFake();
		const r = await service().resolve(ref('BV1y7411Q7Eq'), AVC);
		expect(r).toMatchObject({
			key: 'bilibili:BV1y7411Q7Eq:p1',
			title: '【一起看】单P测试视频 & 同步演示',
			part: { page: 1, cid: 171776208, durationMs: 10_000 },
			mode: 'native',
			reason: null,
			codec: 'avc',
			mp4Url: null,
		});
		expect(r.parts).toHaveLength(1);
		expect(r.manifestUrl).toMatch(/^\/api\/bili\/manifest\/[\w.~-]+\.mpd$/);
		expect(r.danmakuUrl).toMatch(/^\/api\/bili\/danmaku\//);
		expect(r.embedUrl).toContain('bvid=BV1y7411Q7Eq');
		expect(r.streams?.info.kind).toBe('dash');
		expect(fake.app.hits('playurl')).toBe(1);
		// The client never trips the dm_img_* 412 or a WBI refusal: keys fetched once, no retry.
		expect(fake.app.hits('nav')).toBe(1);
		expect(fake.app.hits('spi')).toBe(1);
	});

	it('resolves part 2 of the 3-part video from a short link, keeping p', async () => {
		const { fake, service } = await startFake();
		const r = await service().resolve(ref('https://b23.tv/pigt3PQ'), AVC);
		expect(r.key).toBe('bilibili:BV17x411w7KC:p2');
		expect(r.parts.map((p) => p.cid)).toEqual([279786, 279787, 279788]);
		expect(r.part).toMatchObject({ page: 2, cid: 279787 });
		expect(r.mode).toBe('native');
		expect(fake.app.hits('playurl:279787')).toBe(1);
	});

	it('keeps the start time of a link', async () => {
		const { service } = await startFake();
		const r = await service().resolve(
			ref('https://www.bilibili.com/video/BV17x411w7KC?p=3&t=4'),
			AVC,
		);
		expect(r).toMatchObject({ part: { page: 3, cid: 279788 }, startMs: 4000 });
	});

	it('resolves a bangumi episode through PGC', async () => {
		const { fake, service } = await startFake();
		const r = await service().resolve(ref('ep284002'), AVC);
		expect(r).toMatchObject({
			key: 'bilibili:ep284002',
			ref: { kind: 'episode', epId: 284002 },
			part: { page: 2, cid: 590002 },
			mode: 'native',
		});
		expect(r.title).toContain('一起看物语');
		expect(r.embedUrl).toContain('episodeId=284002');
		expect(fake.app.hits('pgcPlayurl:284002')).toBe(1);
		expect(fake.app.hits('playurl')).toBe(0);
	});

	it('resolves a season to its first episode', async () => {
		const { service } = await startFake();
		const r = await service().resolve(ref('ss28770'), AVC);
		expect(r).toMatchObject({ key: 'bilibili:ep284001', part: { page: 1, cid: 590001 } });
	});

	it('follows a UGC redirect_url to the bangumi episode', async () => {
		const { fake, service } = await startFake();
		const r = await service().resolve(ref('BV1Rs411Z7jK'), AVC);
		expect(r).toMatchObject({ key: 'bilibili:ep284001', mode: 'native' });
		expect(fake.app.hits('pgcPlayurl:284001')).toBe(1);
	});

	it('chooses the codec family per the client: AVC first, HEVC only when reported alone', async () => {
		const { service } = await startFake();
		const s = service();
		expect((await s.resolve(ref('BV1y7411Q7Eq'), ['hevc', 'avc'])).codec).toBe('avc');
		expect((await s.resolve(ref('BV1y7411Q7Eq'), ['hev1.1.6.L93.90'])).codec).toBe('hevc');
	});
});

describe('resolve: one upstream call per video', () => {
	it('coalesces many concurrent resolutions (mixed codec sets) into one call per endpoint', async () => {
		const { fake, service } = await startFake();
		const s = service();
		const codecSets = [['avc'], ['avc', 'hevc'], ['av1', 'avc'], ['avc1.64001F']];
		const results = await Promise.all(
			Array.from({ length: 24 }, (_, i) =>
				s.resolve(ref('BV1y7411Q7Eq'), codecSets[i % codecSets.length] ?? []),
			),
		);
		expect(new Set(results.map((r) => r.mode))).toEqual(new Set(['native']));
		expect(fake.app.hits('view')).toBe(1);
		expect(fake.app.hits('playurl')).toBe(1);
		expect(fake.app.hits('nav')).toBe(1);
		// Later joiners are served from the cache too.
		await s.resolve(ref('BV1y7411Q7Eq'), ['avc']);
		expect(fake.app.hits('playurl')).toBe(1);
	});

	it('reloads the playurl once its links approach their deadline', async () => {
		const { fake, clock, service } = await startFake();
		const s = service();
		await s.resolve(ref('BV1y7411Q7Eq'), AVC);
		clock.advance(59 * 60_000);
		await s.resolve(ref('BV1y7411Q7Eq'), AVC);
		expect(fake.app.hits('playurl')).toBe(1);
		clock.advance(2 * 60_000); // past min(deadline − now − 10 min, 60 min)
		await s.resolve(ref('BV1y7411Q7Eq'), AVC);
		expect(fake.app.hits('playurl')).toBe(2);
	});
});

describe('resolve: WBI keys', () => {
	it('recovers from rotated keys by refreshing nav once and re-signing', async () => {
		const { fake, service } = await startFake();
		const s = service();
		await s.resolve(ref('BV1y7411Q7Eq'), AVC);
		fake.app.setWbiKeys({
			imgKey: '0123456789abcdef0123456789abcdef',
			subKey: 'fedcba9876543210fedcba9876543210',
		});
		const r = await s.resolve(ref('BV17x411w7KC'), AVC);
		expect(r.mode).toBe('native');
		expect(fake.app.hits('nav')).toBe(2);
		// First attempt refused with a v_voucher, the re-signed retry served.
		expect(fake.app.hits('playurl:279786')).toBe(2);
	});
});

describe('resolve: the ladder and forced modes', () => {
	it('BILIBILI_PLAYBACK=mp4 serves the progressive MP4 through the proxy', async () => {
		const { fake, service } = await startFake();
		const r = await service({ config: { playback: 'mp4' } }).resolve(ref('BV1y7411Q7Eq'), AVC);
		expect(r).toMatchObject({ mode: 'mp4', reason: 'forced', manifestUrl: null });
		expect(r.mp4Url).toMatch(/^\/api\/bili\/media\//);
		expect(r.streams?.info.kind).toBe('durl');
		expect(fake.app.hits('playurl')).toBe(1);
	});

	it('BILIBILI_PLAYBACK=embed asks for no streams at all', async () => {
		const { fake, service } = await startFake();
		const r = await service({ config: { playback: 'embed' } }).resolve(ref('BV1y7411Q7Eq'), AVC);
		expect(r).toMatchObject({ mode: 'embed', reason: 'forced', title: expect.any(String) });
		expect(fake.app.hits('playurl')).toBe(0);
	});

	it('falls back to MP4 when the client has no MediaSource codec (no MSE)', async () => {
		const { service } = await startFake();
		const r = await service().resolve(ref('BV1y7411Q7Eq'), []);
		expect(r).toMatchObject({ mode: 'mp4', reason: 'no_codec' });
	});

	it('BILIBILI_PLAYBACK=native never uses MP4: no codec → embed', async () => {
		const { service } = await startFake();
		const r = await service({ config: { playback: 'native' } }).resolve(ref('BV1y7411Q7Eq'), []);
		expect(r).toMatchObject({ mode: 'embed', reason: 'no_codec' });
	});

	it('a caller can cap the ladder (e.g. after proxy failures)', async () => {
		const { service } = await startFake();
		const r = await service().resolve(ref('BV1y7411Q7Eq'), AVC, {
			maxMode: 'mp4',
			reason: 'upstream_down',
		});
		expect(r).toMatchObject({ mode: 'mp4', reason: 'upstream_down' });
	});

	it('refuses streams on hosts outside BILIBILI_CDN_HOSTS and falls back to the embed', async () => {
		const { fake, service } = await startFake();
		fake.app.setBases({
			cdnBase: 'http://evil.example:8080',
			backupCdnBase: 'http://evil.example:8080',
			pcdnBase: null,
		});
		const r = await service().resolve(ref('BV1y7411Q7Eq'), AVC);
		expect(r).toMatchObject({ mode: 'embed', reason: 'cdn_not_allowed', manifestUrl: null });
	});
});

describe('resolve: every error variant maps to its reason', () => {
	it.each([
		['BV1xx411c7SU', 'not_found'], // view −400
		['BV1xx411c7S1', 'private'], // view −403
		['BV1xx411c7SX', 'deleted'], // view −404
		['BV1vx411c7b7', 'not_visible'], // 62002
		['BV1vx411c7bW', 'under_review'], // 62004
		['BV1vx411c7bL', 'private'], // 62012
		['https://www.bilibili.com/video/BV1y7411Q7Eq?p=4', 'not_found'], // no such part
		['ep999999', 'not_found'], // unknown episode
	])('%s → rejects with %s', async (input, reason) => {
		const { service } = await startFake();
		const error = await service()
			.resolve(ref(input), AVC)
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BilibiliError);
		expect(error).toMatchObject({ reason, extra: { reason } });
	});

	it.each([
		['BV1tx411c7iV', 'not_found'], // playurl −404
		['BV1tx411c7if', 'risk_controlled'], // −352 + v_voucher
		['BV1tx411c7iM', 'risk_controlled'], // −401 + ga_data
		['BV1tx411c7iN', 'risk_controlled'], // −412
		['BV1nx411c7G6', 'risk_controlled'], // HTTP 412
		['BV1Rs411Z7Lq', 'region_locked'], // redirect → ep284101, PGC −10403
		['ep284101', 'region_locked'],
	])('%s → embed with %s', async (input, reason) => {
		const { service } = await startFake();
		const r = await service().resolve(ref(input), AVC);
		expect(r).toMatchObject({ mode: 'embed', reason, manifestUrl: null, mp4Url: null });
		expect(r.title).toEqual(expect.any(String));
	});

	it('risk mode (HTTP 412 on every playurl) → risk_controlled, embed, no MP4 retry', async () => {
		const { fake, service } = await startFake();
		fake.app.setMode('risk');
		const r = await service().resolve(ref('BV1y7411Q7Eq'), AVC);
		expect(r).toMatchObject({ mode: 'embed', reason: 'risk_controlled' });
		expect(fake.app.hits('playurl')).toBe(1);
	});

	it.each([
		['down', {}],
		['down', { downStyle: 'reset' as const }],
		['garbage', {}],
		['slow', { delayMs: 800 }],
	] as const)('outage %s %j → upstream_down and embed', async (mode, options) => {
		const { fake, service } = await startFake();
		fake.app.setMode(mode, options);
		const r = await service({ config: { upstreamTimeoutMs: 300 } }).resolve(
			ref('BV17x411w7KC'),
			AVC,
		);
		expect(r).toMatchObject({ mode: 'embed', reason: 'upstream_down', title: null });
		expect(r.embedUrl).toContain('bvid=BV17x411w7KC');
	});

	it('remembers a transient failure briefly instead of hammering upstream', async () => {
		const { fake, clock, service } = await startFake();
		const s = service();
		fake.app.setMode('risk');
		await s.resolve(ref('BV1y7411Q7Eq'), AVC);
		fake.app.setMode('ok');
		expect((await s.resolve(ref('BV1y7411Q7Eq'), AVC)).reason).toBe('risk_controlled');
		expect(fake.app.hits('playurl')).toBe(1);
		clock.advance(31_000);
		expect((await s.resolve(ref('BV1y7411Q7Eq'), AVC)).mode).toBe('native');
	});
});
