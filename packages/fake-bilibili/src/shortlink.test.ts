import { describe, expect, it } from 'vitest';
import { testFake } from './test/harness.js';

const SELF = 'http://127.0.0.1:5055';
const get = async (path: string, method: 'GET' | 'HEAD' = 'GET') => {
	const app = await testFake();
	return app.inject({ method, url: path, headers: { host: '127.0.0.1:5055' } });
};

describe('short links', () => {
	it.each([
		[
			'/pigt3PQ',
			/^https:\/\/www\.bilibili\.com\/video\/BV17x411w7KC\?p=2&.*share_source=COPY&.*unique_k=pigt3PQ$/,
		],
		[
			'/tStart4',
			/^https:\/\/www\.bilibili\.com\/video\/BV1y7411Q7Eq\?t=4&share_source=copy&unique_k=tStart4$/,
		],
		['/ep28401', /^https:\/\/www\.bilibili\.com\/bangumi\/play\/ep284001\?/],
		['/av170001', /^https:\/\/www\.bilibili\.com\/video\/av170001\/$/],
		['/BV1y7411Q7Eq', /^https:\/\/www\.bilibili\.com\/video\/BV1y7411Q7Eq\/$/],
		['/ssrf127', /^http:\/\/127\.0\.0\.1:1\/admin$/],
		['/evil000', /^https:\/\/evil\.example\//],
	])('%s → 302', async (path, location) => {
		const res = await get(path);
		expect(res.statusCode).toBe(302);
		expect(String(res.headers.location)).toMatch(location);
	});

	it('answers HEAD like GET (b23.tv-tools uses HEAD)', async () => {
		const res = await get('/pigt3PQ', 'HEAD');
		expect(res.statusCode).toBe(302);
		expect(res.headers.location).toMatch(/BV17x411w7KC/);
	});

	it('an HTML body with <a href> (200, no Location)', async () => {
		const res = await get('/htm1Lnk');
		expect(res.statusCode).toBe(200);
		expect(res.headers.location).toBeUndefined();
		const href = /<a href="([^"]+)"/.exec(res.body)?.[1]?.replaceAll('&amp;', '&');
		expect(href).toBe(
			'https://www.bilibili.com/video/BV1y7411Q7Eq?p=1&share_source=copy&unique_k=htm1Lnk',
		);
	});

	it('a loop that redirects to itself', async () => {
		const res = await get('/loop000');
		expect(res.headers.location).toBe(`${SELF}/loop000`);
	});

	it('a three-hop chain ending on a video', async () => {
		const hops: string[] = [];
		let path = '/hop3abc';
		for (let i = 0; i < 5; i += 1) {
			const location = String((await get(path)).headers.location);
			hops.push(location);
			if (!location.startsWith(SELF)) break;
			path = new URL(location).pathname;
		}
		expect(hops).toEqual([
			`${SELF}/hop2abc`,
			`${SELF}/hop1abc`,
			'https://www.bilibili.com/video/BV17x411w7KC?p=3&share_source=copy',
		]);
	});

	it.each(['/nope123', '/', '/av', '/BV1xx'])('%s → 404', async (path) => {
		const res = await get(path);
		expect(res.statusCode).toBe(404);
		expect(res.headers.location).toBeUndefined();
	});

	it('counts hits per code', async () => {
		const app = await testFake();
		await app.inject('/pigt3PQ');
		await app.inject('/pigt3PQ');
		await app.inject('/loop000');
		expect([app.hits('shortlink'), app.hits('shortlink:pigt3PQ')]).toEqual([3, 2]);
	});
});
