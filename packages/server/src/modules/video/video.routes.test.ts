import { describe, expect, it } from 'vitest';
import { buildTestApp, injectLogin } from '../../../test/build-test-app.js';

describe('POST /video', () => {
	it.each([
		['https://www.bilibili.com/video/BV1y7411Q7Eq', 'bvid=BV1y7411Q7Eq&p=1&t=0'],
		['https://www.bilibili.com/video/BV1y7411Q7Eq?p=2&t=90', 'bvid=BV1y7411Q7Eq&p=2&t=90'],
		['https://m.bilibili.com/video/av170001', 'bvid=BV17x411w7KC&p=1&t=0'],
		[
			'https://player.bilibili.com/player.html?bvid=BV1rp4y1e745&page=3',
			'bvid=BV1rp4y1e745&p=3&t=0',
		],
		[
			'【好看】 https://www.bilibili.com/video/BV1y7411Q7Eq/?share_source=copy_web 快来',
			'bvid=BV1y7411Q7Eq&p=1&t=0',
		],
		['https://www.bilibili.com/festival/x?bvid=BV1y7411Q7Eq', 'bvid=BV1y7411Q7Eq&p=1&t=0'],
	])('normalises %s', async (url, query) => {
		const app = await buildTestApp();
		const cookie = await injectLogin(app);
		const res = await app.inject({
			method: 'POST',
			url: '/video',
			headers: { cookie },
			payload: { url },
		});
		expect(res.statusCode).toBe(200);
		const body = res.json();
		expect(body.ok).toBe(true);
		expect(body.embed_url).toMatch(/^https:\/\/player\.bilibili\.com\/player\.html\?/);
		expect(body.embed_url).toContain(query);
	});

	it.each([
		['', 'invalid_link'],
		['https://evil.example/video/BV1y7411Q7Eq', 'unsupported_link'],
		['https://www.bilibili.com/', 'invalid_link'],
		['BV1abc', 'invalid_link'],
		['https://b23.tv/pigt3PQ', 'unsupported_link'],
	])('rejects %j with 400 %s and changes nothing', async (url, error) => {
		const app = await buildTestApp();
		const cookie = await injectLogin(app);
		const res = await app.inject({
			method: 'POST',
			url: '/video',
			headers: { cookie },
			payload: { url },
		});
		expect(res.statusCode).toBe(400);
		expect(res.json()).toMatchObject({ ok: false, error, message: expect.any(String) });
	});

	it.each([[{}], [{ url: 42 }], [{ url: ['a'] }]])(
		'rejects malformed body %j with 400',
		async (payload) => {
			const app = await buildTestApp();
			const cookie = await injectLogin(app);
			const res = await app.inject({ method: 'POST', url: '/video', headers: { cookie }, payload });
			expect(res.statusCode).toBe(400);
			expect(res.json()).toMatchObject({ ok: false, error: 'invalid_payload' });
		},
	);
});
