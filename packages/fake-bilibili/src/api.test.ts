import { describe, expect, it } from 'vitest';
import { avToBv } from './bvid.js';
import { MULTI_PART, SEASON, SINGLE_PART } from './fixtures.js';
import { BROWSER_HEADERS, testFake } from './test/harness.js';

interface ViewData {
	bvid: string;
	aid: number;
	videos: number;
	title: string;
	pic: string;
	duration: number;
	cid: number;
	owner: { mid: number; name: string; face: string };
	pages: {
		cid: number;
		page: number;
		part: string;
		duration: number;
		dimension: { width: number };
	}[];
	redirect_url?: string;
}

describe('nav', () => {
	it('is the logged-out shape with the doc §3 keys', async () => {
		const app = await testFake();
		const res = await app.inject('/x/web-interface/nav');
		expect(res.json()).toEqual({
			code: -101,
			message: '账号未登录',
			ttl: 1,
			data: {
				isLogin: false,
				wbi_img: {
					img_url: 'https://i0.hdslb.com/bfs/wbi/7cd084941338484aae1ad9425b84077c.png',
					sub_url: 'https://i0.hdslb.com/bfs/wbi/4932caff0ff746eab6f01bf08b70ac45.png',
				},
			},
		});
	});

	it('serves rotated keys', async () => {
		const app = await testFake();
		app.setWbiKeys({ imgKey: 'a'.repeat(32), subKey: 'b'.repeat(32) });
		const body = (await app.inject('/x/web-interface/nav')).json<{
			data: { wbi_img: { img_url: string } };
		}>();
		expect(body.data.wbi_img.img_url).toMatch(/\/a{32}\.png$/);
	});
});

describe('view', () => {
	it.each([
		['/x/web-interface/view', `bvid=${SINGLE_PART.bvid}`, SINGLE_PART],
		['/x/web-interface/view', `aid=${SINGLE_PART.aid}`, SINGLE_PART],
		['/x/web-interface/wbi/view', `bvid=${MULTI_PART.bvid}`, MULTI_PART],
		['/x/web-interface/view', 'aid=170001', MULTI_PART],
	])('%s?%s', async (path, query, video) => {
		const app = await testFake();
		const body = (await app.inject({ url: `${path}?${query}`, headers: BROWSER_HEADERS })).json<{
			code: number;
			data: ViewData;
		}>();
		expect(body.code).toBe(0);
		const d = body.data;
		expect([d.bvid, d.aid, d.videos, d.title]).toEqual([
			video.bvid,
			video.aid,
			video.pages.length,
			video.title,
		]);
		expect(d.cid).toBe(video.pages[0]?.cid);
		expect(d.duration).toBe(10 * video.pages.length);
		expect(d.owner.name).toBe('一起看测试UP主');
		expect(d.pic).toMatch(/^http:\/\/i0\.hdslb\.com\/bfs\/archive\/.+\.jpg$/);
		expect(d.pages.map((p) => [p.cid, p.page, p.duration])).toEqual(
			video.pages.map((p) => [p.cid, p.page, 10]),
		);
		expect(d.pages[0]?.dimension.width).toBe(1280);
		expect(d.redirect_url).toBeUndefined();
	});

	it('uses the §2 vectors for the fixtures', () => {
		expect([SINGLE_PART.aid, SINGLE_PART.bvid]).toEqual([99999999, 'BV1y7411Q7Eq']);
		expect([MULTI_PART.aid, MULTI_PART.bvid]).toEqual([170001, 'BV17x411w7KC']);
	});

	it.each([
		['aid=400', -400, '请求错误'],
		[`bvid=${avToBv(400)}`, -400, '请求错误'],
		['aid=403', -403, '访问权限不足'],
		['aid=404', -404, '啥都木有'],
		[`bvid=${avToBv(404)}`, -404, '啥都木有'],
		['aid=62002', 62002, '稿件不可见'],
		['aid=62004', 62004, '稿件审核中'],
		['aid=62012', 62012, '仅UP主自己可见'],
		['aid=123456789', -404, '啥都木有'],
		['bvid=BV1xx', -400, '请求错误'],
		['aid=abc', -400, '请求错误'],
		['', -400, '请求错误'],
	])('?%s → %s', async (query, code, message) => {
		const app = await testFake();
		const res = await app.inject({
			url: `/x/web-interface/view?${query}`,
			headers: BROWSER_HEADERS,
		});
		expect(res.statusCode).toBe(200);
		expect(res.json()).toEqual({ code, message, ttl: 1 });
	});

	it('answers redirect_url for the UGC id of a bangumi episode', async () => {
		const app = await testFake();
		const ep = SEASON.episodes[0];
		const body = (await app.inject(`/x/web-interface/view?aid=${ep?.aid}`)).json<{
			data: ViewData;
		}>();
		expect(body.data.redirect_url).toBe(`https://www.bilibili.com/bangumi/play/ep${ep?.epId}`);
	});

	it('answers -401 with ga_data to an empty User-Agent', async () => {
		const app = await testFake();
		const res = await app.inject({
			url: `/x/web-interface/view?aid=170001`,
			headers: { 'user-agent': '' },
		});
		expect(res.json()).toMatchObject({
			code: -401,
			message: '非法访问',
			data: { ga_data: { decisions: ['verify_captcha_level2'] } },
		});
	});
});

describe('pagelist', () => {
	it('mirrors pages', async () => {
		const app = await testFake();
		const body = (await app.inject(`/x/player/pagelist?bvid=${MULTI_PART.bvid}`)).json<{
			code: number;
			data: { cid: number; page: number; part: string; duration: number }[];
		}>();
		expect(body.code).toBe(0);
		expect(body.data.map((p) => [p.cid, p.page, p.part, p.duration])).toEqual(
			MULTI_PART.pages.map((p) => [p.cid, p.page, p.part, 10]),
		);
	});

	it('shares view errors', async () => {
		const app = await testFake();
		expect((await app.inject('/x/player/pagelist?aid=62002')).json()).toMatchObject({
			code: 62002,
		});
	});
});

describe('buvid3', () => {
	it('finger/spi and getbuvid issue buvids', async () => {
		const app = await testFake();
		const spi = (await app.inject('/x/frontend/finger/spi')).json<{
			data: { b_3: string; b_4: string };
		}>();
		expect(spi.data.b_3).toMatch(/^[0-9A-F-]{36}\d{5}infoc$/);
		expect(spi.data.b_4).toMatch(/infoc$/);
		const get = (await app.inject('/x/web-frontend/getbuvid')).json<{ data: { buvid: string } }>();
		expect(get.data.buvid).toMatch(/infoc$/);
	});

	it('requireBuvid3 answers -401 without the cookie', async () => {
		const app = await testFake({ requireBuvid3: true });
		const url = `/x/web-interface/view?aid=170001`;
		expect((await app.inject({ url, headers: BROWSER_HEADERS })).json()).toMatchObject({
			code: -401,
		});
		const withCookie = await app.inject({
			url,
			headers: { ...BROWSER_HEADERS, cookie: 'buvid3=ABC-123infoc; b_nut=1' },
		});
		expect(withCookie.json()).toMatchObject({ code: 0 });
	});
});
