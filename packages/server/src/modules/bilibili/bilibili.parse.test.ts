import { buildFakeBilibili, loadMedia, type FakeBilibili } from '@videotogether/fake-bilibili';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	envelope,
	isVoucherOnly,
	parseNav,
	parseSeason,
	parseView,
	type UpstreamAnswer,
} from './bilibili.parse.js';
import { dmImgParams, makeFingerprint } from './fingerprint.js';
import { parsePlayurl } from './playurl.parse.js';
import { signWbi } from './wbi.js';

// Table tests over the JSON the fake upstream really answers, one row per reserved variant
// (fake-bilibili README, "Reserved ids"), plus hand-written shapes the fake never produces.

const NOW_MS = Date.UTC(2026, 0, 1);
const KEYS = {
	imgKey: '7cd084941338484aae1ad9425b84077c',
	subKey: '4932caff0ff746eab6f01bf08b70ac45',
};
const HEADERS = { 'user-agent': 'Mozilla/5.0 test', referer: 'https://www.bilibili.com/' };
let fake: FakeBilibili;

beforeAll(async () => {
	fake = await buildFakeBilibili({
		media: await loadMedia(),
		now: () => NOW_MS,
		cdnBase: 'http://127.0.0.1:5055',
		pcdnBase: 'http://localhost:5055',
	});
	return () => fake.close();
});

async function get(url: string): Promise<UpstreamAnswer> {
	const res = await fake.inject({ url, headers: HEADERS });
	let json: unknown;
	try {
		json = JSON.parse(res.body);
	} catch {
		json = undefined;
	}
	return { status: res.statusCode, json };
}

function signedPlayurl(params: Record<string, string | number>): Promise<UpstreamAnswer> {
	const all = {
		...params,
		...dmImgParams(
			makeFingerprint(() => 0.5),
			() => 0.5,
		),
	};
	return get(`/x/player/wbi/playurl?${signWbi(all, KEYS, Math.floor(NOW_MS / 1000))}`);
}

describe('parseView over the fake’s view variants', () => {
	it('parses the 3-part video', async () => {
		const parsed = parseView(await get('/x/web-interface/view?bvid=BV17x411w7KC'));
		expect(parsed).toMatchObject({
			ok: true,
			value: { bvid: 'BV17x411w7KC', aid: 170001, redirectUrl: null, upowerExclusive: false },
		});
		if (!parsed.ok) return;
		expect(parsed.value.parts).toEqual([
			{ page: 1, cid: 279786, title: 'P1 第一话「出发」', durationMs: 10_000 },
			{ page: 2, cid: 279787, title: 'P2 第二话「相遇」', durationMs: 10_000 },
			{ page: 3, cid: 279788, title: 'P3 第三话「再见」', durationMs: 10_000 },
		]);
	});

	it('keeps a bangumi redirect_url', async () => {
		const parsed = parseView(await get('/x/web-interface/view?aid=560001'));
		expect(parsed).toMatchObject({
			ok: true,
			value: { redirectUrl: 'https://www.bilibili.com/bangumi/play/ep284001' },
		});
	});

	it.each([
		['aid=400', 'not_found'],
		['aid=403', 'private'],
		['aid=404', 'deleted'],
		['bvid=BV1xx411c7SX', 'deleted'],
		['aid=62002', 'not_visible'],
		['aid=62004', 'under_review'],
		['aid=62012', 'private'],
		['aid=123456789', 'deleted'],
	])('view?%s → %s', async (query, reason) => {
		expect(parseView(await get(`/x/web-interface/view?${query}`))).toMatchObject({
			ok: false,
			reason,
		});
	});

	it('an empty User-Agent draws −401 with ga_data: risk control', async () => {
		const res = await fake.inject({
			url: '/x/web-interface/view?aid=170001',
			headers: { 'user-agent': '' },
		});
		const parsed = parseView({ status: res.statusCode, json: res.json() });
		expect(parsed).toMatchObject({ ok: false, reason: 'risk_controlled' });
	});
});

describe('parsePlayurl over the fake’s playurl variants', () => {
	it('parses the DASH shape: AVC + HEVC tiers, two audio streams, ranges and backups', async () => {
		const parsed = parsePlayurl(
			await signedPlayurl({ bvid: 'BV1y7411Q7Eq', cid: 171776208, fnval: 4048, try_look: 1 }),
			'playurl',
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok || parsed.value.kind !== 'dash') throw new Error('not dash');
		const { video, audio, durationMs } = parsed.value;
		expect(durationMs).toBe(10_000);
		expect(video.map((v) => `${v.id}/${v.codecid}`)).toEqual(['64/7', '64/12', '32/7', '32/12']);
		expect(audio.map((a) => a.id)).toEqual([30280, 30232]);
		const best = video[0];
		const media = fake.media.video.find((v) => v.id === 64 && v.codecid === 7);
		expect(best).toMatchObject({
			codecs: media?.codecs,
			initialization: media?.ranges.initialization,
			indexRange: media?.ranges.indexRange,
			width: 1280,
			height: 720,
			mimeType: 'video/mp4',
		});
		expect(best?.urls[0]).toMatch(/^http:\/\/localhost:5055\/upgcxcode\//); // PCDN base
		expect(best?.urls).toHaveLength(3);
	});

	it('parses the durl shape of platform=html5', async () => {
		const parsed = parsePlayurl(
			await signedPlayurl({ bvid: 'BV1y7411Q7Eq', cid: 171776208, fnval: 1, platform: 'html5' }),
			'playurl',
		);
		expect(parsed).toMatchObject({
			ok: true,
			value: { kind: 'durl', durationMs: 10_000, size: fake.media.progressive.size },
		});
	});

	it('guests without try_look get only the ≤480P tiers', async () => {
		const parsed = parsePlayurl(
			await signedPlayurl({ bvid: 'BV1y7411Q7Eq', cid: 171776208, fnval: 4048 }),
			'playurl',
		);
		if (!parsed.ok || parsed.value.kind !== 'dash') throw new Error('not dash');
		expect(new Set(parsed.value.video.map((v) => v.id))).toEqual(new Set([32]));
	});

	it.each([
		['BV1tx411c7iV', 10404, 'not_found'],
		['BV1tx411c7if', 10352, 'risk_controlled'],
		['BV1tx411c7iM', 10401, 'risk_controlled'],
		['BV1tx411c7iN', 10412, 'risk_controlled'],
		['BV1nx411c7G6', 20412, 'risk_controlled'],
		['BV1Rs411Z7Lq', 590101, 'region_locked'],
	])('%s (cid %i) → %s', async (bvid, cid, reason) => {
		const answer = await signedPlayurl({ bvid, cid, fnval: 4048 });
		expect(parsePlayurl(answer, 'playurl')).toMatchObject({ ok: false, reason });
	});

	it('a wrong signature is code 0 with only v_voucher: rejected, not success', async () => {
		const answer = await get(
			'/x/player/wbi/playurl?bvid=BV1y7411Q7Eq&cid=171776208&fnval=4048&wts=1&w_rid=00',
		);
		expect(answer.json).toMatchObject({ code: 0, data: { v_voucher: expect.any(String) } });
		expect(isVoucherOnly(answer)).toBe(true);
		expect(parsePlayurl(answer, 'playurl')).toMatchObject({
			ok: false,
			reason: 'risk_controlled',
		});
	});

	it('missing dm_img_* is HTTP 412: risk control', async () => {
		const query = signWbi(
			{ bvid: 'BV1y7411Q7Eq', cid: 171776208, fnval: 4048 },
			KEYS,
			Math.floor(NOW_MS / 1000),
		);
		const answer = await get(`/x/player/wbi/playurl?${query}`);
		expect(answer.status).toBe(412);
		expect(parsePlayurl(answer, 'playurl')).toMatchObject({ reason: 'risk_controlled' });
	});

	it('parses PGC playurl (result) and its −10403', async () => {
		const ok = await get('/pgc/player/web/playurl?ep_id=284001&cid=590001&fnval=4048');
		expect(parsePlayurl(ok, 'pgcPlayurl')).toMatchObject({ ok: true, value: { kind: 'dash' } });
		const locked = await get('/pgc/player/web/playurl?ep_id=284101&cid=590101&fnval=4048');
		expect(parsePlayurl(locked, 'pgcPlayurl')).toMatchObject({ reason: 'region_locked' });
	});
});

describe('parseNav and parseSeason over the fake', () => {
	it('reads the WBI key stems from nav’s −101 answer', async () => {
		expect(parseNav(await get('/x/web-interface/nav'))).toEqual({ ok: true, value: KEYS });
	});

	it('parses a season and maps unknown ids to not_found', async () => {
		const parsed = parseSeason(await get('/pgc/view/web/season?season_id=28770'));
		expect(parsed).toMatchObject({
			ok: true,
			value: { seasonId: 28770, title: '一起看物语' },
		});
		if (parsed.ok) {
			expect(parsed.value.episodes.map((e) => [e.epId, e.cid, e.durationMs])).toEqual([
				[284001, 590001, 10_000],
				[284002, 590002, 10_000],
			]);
		}
		expect(parseSeason(await get('/pgc/view/web/season?ep_id=1'))).toMatchObject({
			reason: 'not_found',
		});
	});
});

describe('fault modes and shapes the fake does not produce', () => {
	it.each([
		['garbage JSON', { status: 200, json: undefined }, 'upstream_down'],
		['HTTP 503', { status: 503, json: undefined }, 'upstream_down'],
		['HTTP 429', { status: 429, json: undefined }, 'risk_controlled'],
		['network error', { status: 0, json: undefined, error: 'upstream timed out' }, 'upstream_down'],
		['array body', { status: 200, json: [] }, 'upstream_down'],
		['no code', { status: 200, json: { message: 'x' } }, 'upstream_down'],
		['−101', { status: 200, json: { code: -101, message: '账号未登录' } }, 'login_required'],
		['−401 no ga_data', { status: 200, json: { code: -401, message: 'x' } }, 'login_required'],
		['−688', { status: 200, json: { code: -688, message: '地理区域限制' } }, 'region_locked'],
		['−689', { status: 200, json: { code: -689, message: '版权限制' } }, 'premium_only'],
		[
			'−10403 premium',
			{ status: 200, json: { code: -10403, message: '大会员专享限制' } },
			'premium_only',
		],
		['−509', { status: 200, json: { code: -509, message: '请求过于频繁' } }, 'risk_controlled'],
		['unknown code', { status: 200, json: { code: 12345, message: '?' } }, 'upstream_down'],
	] satisfies [string, UpstreamAnswer, string][])('%s → %s', (_label, answer, reason) => {
		expect(envelope(answer, 'playurl')).toMatchObject({ ok: false, reason });
	});

	it('flags is_upower_exclusive on view', () => {
		const parsed = parseView({
			status: 200,
			json: {
				code: 0,
				data: {
					bvid: 'BV1y7411Q7Eq',
					aid: 99999999,
					title: 't',
					is_upower_exclusive: true,
					pages: [{ cid: 1, page: 1, part: 'p', duration: 5 }],
				},
			},
		});
		expect(parsed).toMatchObject({ ok: true, value: { upowerExclusive: true } });
	});
});
