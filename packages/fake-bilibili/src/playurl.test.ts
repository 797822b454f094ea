import { describe, expect, it } from 'vitest';
import { LOCKED_SEASON, MULTI_PART, PLAYURL_ERROR_VIDEOS, SINGLE_PART } from './fixtures.js';
import {
	BROWSER_HEADERS,
	CDN_BASE,
	DM_IMG_NAMES,
	NOW_MS,
	PCDN_BASE,
	dashFor,
	playurlPath,
	testFake,
	type DashEntry,
} from './test/harness.js';

const single = { bvid: SINGLE_PART.bvid, cid: SINGLE_PART.pages[0]?.cid ?? 0 };
const nowSec = Math.floor(NOW_MS / 1000);

async function playurl(path: string, headers: Record<string, string> = BROWSER_HEADERS) {
	const app = await testFake();
	return app.inject({ url: path, headers });
}

describe('WBI check → v_voucher with code 0', () => {
	it.each([
		['unsigned', `/x/player/wbi/playurl?bvid=${single.bvid}&cid=${single.cid}&fnval=4048`],
		[
			'wrong w_rid',
			playurlPath({ ...single, fnval: 4048 }).replace(/w_rid=[0-9a-f]+/, `w_rid=${'0'.repeat(32)}`),
		],
		[
			'a parameter changed after signing',
			playurlPath({ ...single, fnval: 4048 }).replace('fnval=4048', 'fnval=16'),
		],
		['wts 601 s old', playurlPath({ ...single, fnval: 4048 }, { wtsSec: nowSec - 601 })],
		['wts 601 s ahead', playurlPath({ ...single, fnval: 4048 }, { wtsSec: nowSec + 601 })],
		[
			'other WBI keys',
			playurlPath(
				{ ...single, fnval: 4048 },
				{ keys: { imgKey: 'a'.repeat(32), subKey: 'b'.repeat(32) } },
			),
		],
	])('%s', async (_name, path) => {
		const res = await playurl(path);
		expect(res.statusCode).toBe(200);
		const body = res.json<{
			code: number;
			message: string;
			ttl: number;
			data: Record<string, unknown>;
		}>();
		expect(body.code).toBe(0);
		expect(Object.keys(body.data)).toEqual(['v_voucher']);
		expect(body.data.v_voucher).toMatch(/^voucher_[0-9a-f-]{36}$/);
	});

	it('accepts a wts 600 s off', async () => {
		const res = await playurl(playurlPath({ ...single, fnval: 4048 }, { wtsSec: nowSec - 600 }));
		expect(res.json()).toHaveProperty('data.dash');
	});

	it('follows key rotation: old signatures fail, new ones pass', async () => {
		const app = await testFake();
		const keys = { imgKey: 'c'.repeat(32), subKey: 'd'.repeat(32) };
		app.setWbiKeys(keys);
		const old = await app.inject({
			url: playurlPath({ ...single, fnval: 4048 }),
			headers: BROWSER_HEADERS,
		});
		expect(old.json()).toHaveProperty('data.v_voucher');
		const fresh = await app.inject({
			url: playurlPath({ ...single, fnval: 4048 }, { keys }),
			headers: BROWSER_HEADERS,
		});
		expect(fresh.json()).toHaveProperty('data.dash');
	});
});

describe('fingerprint parameters', () => {
	it.each(DM_IMG_NAMES)('HTTP 412 (HTML) without %s', async (name) => {
		const res = await playurl(playurlPath({ ...single, fnval: 4048 }, { omit: [name] }));
		expect(res.statusCode).toBe(412);
		expect(res.headers['content-type']).toMatch(/^text\/html/);
		expect(res.body).toContain('412');
	});
});

describe('DASH shape', () => {
	it('lists AVC + HEVC at both tiers and both audio streams, with every alias', async () => {
		const app = await testFake();
		const data = await dashFor(app, single);
		expect(data.quality).toBe(64);
		expect(data.timelength).toBe(10_000);
		expect(data.accept_quality).toEqual([64, 32]);
		const { dash } = data;
		expect([dash.duration, dash.minBufferTime, dash.min_buffer_time]).toEqual([10, 1.5, 1.5]);
		expect(dash.video.map((v) => [v.id, v.codecid])).toEqual([
			[64, 7],
			[64, 12],
			[32, 7],
			[32, 12],
		]);
		expect(dash.audio.map((a) => [a.id, a.codecid, a.codecs])).toEqual([
			[30280, 0, 'mp4a.40.2'],
			[30232, 0, 'mp4a.40.2'],
		]);
		for (const e of [...dash.video, ...dash.audio]) expectAliases(e);
		const [avc720] = dash.video;
		expect(avc720).toMatchObject({
			codecs: 'avc1.64001F',
			width: 1280,
			height: 720,
			frameRate: '30.000',
			sar: '1:1',
			startWithSap: 1,
			mimeType: 'video/mp4',
		});
		expect(dash.video[1]?.codecs).toMatch(/^hev1\./);
	});

	it('puts one stream on the PCDN host:port with CDN backups, the rest on the CDN', async () => {
		const app = await testFake();
		const { dash } = await dashFor(app, single);
		const entries = [...dash.video, ...dash.audio];
		const onPcdn = entries.filter((e) => e.baseUrl.startsWith(PCDN_BASE));
		expect(onPcdn.map((e) => [e.id, e.codecid])).toEqual([[64, 7]]);
		for (const e of entries) {
			expect(e.backupUrl).toHaveLength(2);
			for (const b of e.backupUrl) expect(b.startsWith(`${CDN_BASE}/upgcxcode/`)).toBe(true);
		}
		expect(entries.filter((e) => e.baseUrl.startsWith(`${CDN_BASE}/upgcxcode/`))).toHaveLength(
			entries.length - 1,
		);
		expect(onPcdn[0]?.baseUrl).toContain('os=mcdn');
	});

	it('writes the deadline as now + linkTtlSec into every URL', async () => {
		const app = await testFake({ linkTtlSec: 60 });
		const { dash } = await dashFor(app, single);
		for (const e of [...dash.video, ...dash.audio]) {
			const url = new URL(e.baseUrl);
			expect(url.pathname).toMatch(
				new RegExp(`^/upgcxcode/\\d{2}/\\d{2}/${single.cid}/${single.cid}_nb2-1-\\d+\\.m4s$`),
			);
			expect(url.searchParams.get('deadline')).toBe(String(nowSec + 60));
			expect(url.searchParams.get('platform')).toBe('pc');
		}
	});

	it('gives guests without try_look only qn ≤ 32; try_look or SESSDATA lift it', async () => {
		const app = await testFake();
		const guest = await dashFor(app, single, { try_look: 0 });
		expect(guest.quality).toBe(32);
		expect(new Set(guest.dash.video.map((v) => v.id))).toEqual(new Set([32]));
		const res = await app.inject({
			url: playurlPath({ ...single, fnval: 4048 }),
			headers: { ...BROWSER_HEADERS, cookie: 'SESSDATA=abc' },
		});
		expect(
			new Set(
				res.json<{ data: { dash: { video: DashEntry[] } } }>().data.dash.video.map((v) => v.id),
			),
		).toEqual(new Set([64, 32]));
	});

	it('honours qn only in `quality`', async () => {
		const app = await testFake();
		const data = await dashFor(app, single, { qn: 32 });
		expect(data.quality).toBe(32);
		expect(data.dash.video).toHaveLength(4);
	});

	it('serves every part of the multi-part video', async () => {
		const app = await testFake();
		for (const page of MULTI_PART.pages) {
			const data = await dashFor(app, { bvid: MULTI_PART.bvid, cid: page.cid });
			expect(data.dash.video[0]?.baseUrl).toContain(`/${page.cid}_nb2-1-30064.m4s`);
		}
	});

	it('accepts avid instead of bvid', async () => {
		const res = await playurl(playurlPath({ avid: SINGLE_PART.aid, cid: single.cid, fnval: 16 }));
		expect(res.json()).toHaveProperty('data.dash');
	});
});

function expectAliases(e: DashEntry): void {
	expect(e.base_url).toBe(e.baseUrl);
	expect(e.backup_url).toEqual(e.backupUrl);
	expect(e.mime_type).toBe(e.mimeType);
	expect(e.segment_base).toEqual({
		initialization: e.SegmentBase.Initialization,
		index_range: e.SegmentBase.indexRange,
	});
	expect(e.SegmentBase.Initialization).toMatch(/^0-\d+$/);
	expect(e.SegmentBase.indexRange).toMatch(/^\d+-\d+$/);
	expect(e.bandwidth).toBeGreaterThan(10_000);
}

describe('durl shape', () => {
	it.each([
		['platform=html5', { fnval: 1, platform: 'html5', high_quality: 1 }, 'html5'],
		['platform=html5 even with fnval=16', { fnval: 16, platform: 'html5' }, 'html5'],
		['fnval=1 on pc', { fnval: 1 }, 'pc'],
		['no fnval (defaults to 1)', {}, 'pc'],
	])('%s', async (_name, extra, platform) => {
		const res = await playurl(playurlPath({ ...single, ...extra }));
		const { data } = res.json<{
			data: Record<string, unknown> & { durl: Record<string, unknown>[] };
		}>();
		expect(data).not.toHaveProperty('dash');
		expect(data.durl).toHaveLength(1);
		const [item] = data.durl;
		expect(item).toMatchObject({ order: 1, length: expect.any(Number), size: expect.any(Number) });
		expect(Math.abs(Number(item?.length) - 10_000)).toBeLessThan(200);
		expect(data.timelength).toBe(item?.length);
		expect(data.quality).toBe(16);
		const url = new URL(String(item?.url));
		expect(url.pathname).toMatch(/_da2-1-16\.mp4$/);
		expect(url.searchParams.get('platform')).toBe(platform);
		expect(item?.backup_url).toHaveLength(2);
	});
});

describe('error variants', () => {
	const byVariant = new Map(PLAYURL_ERROR_VIDEOS.map((v) => [v.playurl, v]));
	const idsOf = (variant: string) => {
		const v = byVariant.get(variant as never);
		return { bvid: v?.bvid ?? '', cid: v?.pages[0]?.cid ?? 0 };
	};

	it.each([
		['-404', -404, '啥都木有'],
		['-412', -412, '请求被拦截'],
	])('cid of the %s video', async (variant, code, message) => {
		const res = await playurl(playurlPath({ ...idsOf(variant), fnval: 4048 }));
		expect(res.statusCode).toBe(200);
		expect(res.json()).toMatchObject({ code, message });
	});

	it('-352 carries a v_voucher in data and in x-bili-gaia-vvoucher', async () => {
		const res = await playurl(playurlPath({ ...idsOf('-352'), fnval: 4048 }));
		const body = res.json<{ code: number; message: string; data: { v_voucher: string } }>();
		expect([body.code, body.message]).toEqual([-352, '风控校验失败']);
		expect(body.data.v_voucher).toMatch(/^voucher_/);
		expect(res.headers['x-bili-gaia-vvoucher']).toBe(body.data.v_voucher);
	});

	it('-401 carries ga_data', async () => {
		const res = await playurl(playurlPath({ ...idsOf('-401'), fnval: 4048 }));
		expect(res.json()).toMatchObject({
			code: -401,
			message: '非法访问',
			data: { ga_data: { decisions: ['verify_captcha_level2'], risk_level: 2 } },
		});
	});

	it('HTTP 412 for the http412 video', async () => {
		const res = await playurl(playurlPath({ ...idsOf('http412'), fnval: 4048 }));
		expect(res.statusCode).toBe(412);
		expect(res.headers['content-type']).toMatch(/^text\/html/);
	});

	it.each([
		['no cid', { bvid: single.bvid }, -400],
		['no bvid/avid', { cid: single.cid }, -400],
		['unknown cid', { bvid: single.bvid, cid: 5 }, -404],
		['a cid of another video', { bvid: single.bvid, cid: MULTI_PART.pages[1]?.cid ?? 0 }, -404],
	])('%s → %s', async (_name, params, code) => {
		const res = await playurl(playurlPath({ ...params, fnval: 4048 }));
		expect(res.json()).toMatchObject({ code });
	});

	it('-10403 for the UGC id of the region-locked episode', async () => {
		const ep = LOCKED_SEASON.episodes[0];
		const res = await playurl(
			playurlPath({ bvid: ep?.bvid ?? '', cid: ep?.cid ?? 0, fnval: 4048 }),
		);
		expect(res.json()).toEqual({ code: -10403, message: '抱歉您所在地区不可观看！', ttl: 1 });
	});

	it('-401 for an empty User-Agent', async () => {
		const res = await playurl(playurlPath({ ...single, fnval: 4048 }), { 'user-agent': '' });
		expect(res.json()).toMatchObject({ code: -401 });
	});
});
