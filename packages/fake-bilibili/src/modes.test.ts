import { describe, expect, it } from 'vitest';
import { start } from './app.js';
import { MULTI_PART, SINGLE_PART } from './fixtures.js';
import {
	BROWSER_HEADERS,
	NOW_MS,
	dashFor,
	injectUrl,
	playurlPath,
	testFake,
	testMedia,
} from './test/harness.js';

const single = { bvid: SINGLE_PART.bvid, cid: SINGLE_PART.pages[0]?.cid ?? 0 };

describe('fault modes', () => {
	it('down: 503 everywhere, then back to ok', async () => {
		const app = await testFake();
		const { dash } = await dashFor(app, single);
		app.setMode('down');
		for (const url of [
			'/x/web-interface/nav',
			playurlPath({ ...single, fnval: 4048 }),
			'/pigt3PQ',
			`/x/v1/dm/list.so?oid=${single.cid}`,
		]) {
			const res = await app.inject({ url, headers: BROWSER_HEADERS });
			expect(res.statusCode).toBe(503);
		}
		expect((await injectUrl(app, dash.audio[0]?.baseUrl ?? '')).statusCode).toBe(503);
		app.setMode('ok');
		expect((await app.inject('/x/web-interface/nav')).statusCode).toBe(200);
	});

	it('down can be limited to route groups', async () => {
		const app = await testFake();
		const { dash } = await dashFor(app, single);
		app.setMode('down', { groups: ['cdn'] });
		expect((await app.inject('/x/web-interface/nav')).statusCode).toBe(200);
		expect((await injectUrl(app, dash.audio[0]?.baseUrl ?? '')).statusCode).toBe(503);
	});

	it('down with downStyle reset drops the connection (fetch fails)', async () => {
		const fake = await start(0, { media: await testMedia() });
		try {
			fake.app.setMode('down', { downStyle: 'reset' });
			const error = await fetch(`${fake.url}/x/web-interface/nav`).then(
				() => null,
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(TypeError);
			expect(fake.app.hits('nav')).toBe(1);
			fake.app.setMode('ok');
			expect((await fetch(`${fake.url}/x/web-interface/nav`)).status).toBe(200);
		} finally {
			await fake.close();
		}
	});

	it('down with downStyle reset rejects an injected request', async () => {
		const app = await testFake({ mode: 'down', modeOptions: { downStyle: 'reset' } });
		await expect(app.inject('/x/web-interface/nav')).rejects.toMatchObject({ code: 'ECONNRESET' });
	});

	it('slow: answers correctly after the delay', async () => {
		const app = await testFake();
		app.setMode('slow', { delayMs: 150 });
		const started = performance.now();
		const res = await app.inject('/x/web-interface/nav');
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
		expect(res.json()).toMatchObject({ code: -101 });
	});

	it('garbage: API JSON does not parse; CDN still serves', async () => {
		const app = await testFake();
		const { dash } = await dashFor(app, single);
		app.setMode('garbage');
		for (const url of [
			'/x/web-interface/nav',
			`/x/web-interface/view?aid=170001`,
			playurlPath({ ...single, fnval: 4048 }),
		]) {
			const res = await app.inject({ url, headers: BROWSER_HEADERS });
			expect(res.statusCode).toBe(200);
			expect(res.headers['content-type']).toMatch(/^application\/json/);
			expect(() => JSON.parse(res.body) as unknown).toThrow(SyntaxError);
		}
		expect(
			(await injectUrl(app, dash.audio[0]?.baseUrl ?? '', BROWSER_HEADERS, 'HEAD')).statusCode,
		).toBe(200);
	});

	it('risk: every playurl is HTTP 412, the rest works', async () => {
		const app = await testFake({ mode: 'risk' });
		const ugc = await app.inject({
			url: playurlPath({ ...single, fnval: 4048 }),
			headers: BROWSER_HEADERS,
		});
		const pgc = await app.inject({
			url: '/pgc/player/web/playurl?ep_id=284001&fnval=4048',
			headers: BROWSER_HEADERS,
		});
		for (const res of [ugc, pgc]) {
			expect(res.statusCode).toBe(412);
			expect(res.headers['content-type']).toMatch(/^text\/html/);
		}
		expect((await app.inject(`/x/web-interface/view?aid=170001`)).json()).toMatchObject({
			code: 0,
		});
	});
});

describe('counters', () => {
	it('count per route and per cid, and reset', async () => {
		const app = await testFake();
		await app.inject('/x/web-interface/nav');
		await app.inject(`/x/web-interface/view?bvid=${MULTI_PART.bvid}`);
		for (const page of MULTI_PART.pages)
			await dashFor(app, { bvid: MULTI_PART.bvid, cid: page.cid });
		await dashFor(app, single);
		await dashFor(app, single);
		await app.inject('/nope');
		await app.inject('/x/unknown/route');
		expect(app.counters()).toEqual({
			nav: 1,
			view: 1,
			playurl: 5,
			[`playurl:${MULTI_PART.pages[0]?.cid}`]: 1,
			[`playurl:${MULTI_PART.pages[1]?.cid}`]: 1,
			[`playurl:${MULTI_PART.pages[2]?.cid}`]: 1,
			[`playurl:${single.cid}`]: 2,
			shortlink: 1,
			'shortlink:nope': 1,
			notFound: 1,
		});
		app.resetCounters();
		expect(app.counters()).toEqual({});
		expect(app.hits('playurl')).toBe(0);
	});

	it('count requests answered by a fault mode too', async () => {
		const app = await testFake({ mode: 'down' });
		await app.inject(playurlPath({ ...single, fnval: 4048 }));
		expect(app.hits('playurl')).toBe(1);
	});
});

describe('start()', () => {
	it('listens on loopback; url and pcdnUrl reach the same fake; the clock drives wts', async () => {
		const fake = await start(0, { media: await testMedia(), now: () => NOW_MS });
		try {
			expect(fake.url).toBe(`http://127.0.0.1:${fake.port}`);
			expect(fake.pcdnUrl).toBe(`http://localhost:${fake.port}`);
			const nav = (await (await fetch(`${fake.url}/x/web-interface/nav`)).json()) as {
				code: number;
			};
			expect(nav.code).toBe(-101);
			expect((await fetch(`${fake.pcdnUrl}/x/web-interface/nav`)).status).toBe(200);
			const res = await fetch(fake.url + playurlPath({ ...single, fnval: 4048 }), {
				headers: BROWSER_HEADERS,
			});
			expect(await res.json()).toHaveProperty('data.dash');
			const location = (await fetch(`${fake.url}/loop000`, { redirect: 'manual' })).headers.get(
				'location',
			);
			expect(location).toBe(`${fake.url}/loop000`);
		} finally {
			await fake.close();
		}
	});
});
