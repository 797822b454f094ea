import { describe, expect, it } from 'vitest';
import { BilibiliClient } from './bilibili.client.js';
import { parseView } from './bilibili.parse.js';
import { startFake } from './test-fake.js';
import type { FetchFn } from './upstream-http.js';

interface Seen {
	url: string;
	headers: Headers;
}

function capturing(): { fetch: FetchFn; seen: Seen[] } {
	const seen: Seen[] = [];
	const wrapped: FetchFn = (input, init) => {
		seen.push({ url: String(input), headers: new Headers(init?.headers) });
		return fetch(input, init);
	};
	return { fetch: wrapped, seen };
}

describe('BilibiliClient', () => {
	it('sends desktop-browser headers and a buvid3 from finger/spi on every API call', async () => {
		const { config, clock } = await startFake({ requireBuvid3: true });
		const cap = capturing();
		const client = new BilibiliClient({ config, clock, fetch: cap.fetch });
		expect(parseView(await client.view('BV1y7411Q7Eq')).ok).toBe(true);
		const buvid = await client.buvid3();
		expect(buvid).toMatch(/infoc$/);
		const view = cap.seen.find((s) => s.url.includes('/view'));
		expect(view?.headers.get('user-agent')).toMatch(/^Mozilla\/5\.0 .*Chrome\/\d+/);
		expect(view?.headers.get('referer')).toBe('https://www.bilibili.com/');
		expect(view?.headers.get('origin')).toBe('https://www.bilibili.com');
		expect(view?.headers.get('cookie')).toBe(`buvid3=${buvid}`);
		expect(cap.seen.filter((s) => s.url.includes('/finger/spi'))).toHaveLength(1);
	});

	it('signs playurl with fnval=4048, try_look, web_location and all four dm_img_*', async () => {
		const { config, clock, fake } = await startFake();
		const cap = capturing();
		const client = new BilibiliClient({ config, clock, fetch: cap.fetch });
		const answer = await client.playurl({ bvid: 'BV1y7411Q7Eq', cid: 171776208 }, 'dash');
		expect(answer.status).toBe(200);
		const url = new URL(cap.seen.find((s) => s.url.includes('playurl'))?.url ?? '');
		const q = Object.fromEntries(url.searchParams);
		expect(q).toMatchObject({
			fnval: '4048',
			fnver: '0',
			fourk: '1',
			try_look: '1',
			web_location: '1315873',
			dm_img_list: '[]',
			wts: String(Math.floor(clock.nowMs() / 1000)),
		});
		expect(q.dm_img_str).toMatch(/^[A-Za-z0-9+/]+$/);
		expect(q.dm_cover_img_str).toMatch(/^[A-Za-z0-9+/]+$/);
		expect(JSON.parse(q.dm_img_inter ?? '')).toMatchObject({ ds: [], wh: expect.any(Array) });
		expect(q.w_rid).toMatch(/^[0-9a-f]{32}$/);
		expect(fake.app.hits('playurl')).toBe(1);
	});

	it('asks html5 for the progressive MP4, and drops try_look when a cookie is configured', async () => {
		const { config, clock } = await startFake();
		const cap = capturing();
		const client = new BilibiliClient({
			config: { ...config, cookie: 'SESSDATA=test' },
			clock,
			fetch: cap.fetch,
		});
		await client.playurl({ bvid: 'BV1y7411Q7Eq', cid: 171776208 }, 'html5');
		const call = cap.seen.find((s) => s.url.includes('playurl'));
		const q = new URL(call?.url ?? '').searchParams;
		expect([q.get('platform'), q.get('high_quality'), q.get('fnval')]).toEqual(['html5', '1', '1']);
		expect(q.has('try_look')).toBe(false);
		expect(call?.headers.get('cookie')).toMatch(/^buvid3=.+; SESSDATA=test$/);
	});

	it('generates a buvid3 of the right shape when finger/spi is unavailable', async () => {
		const { config, clock, fake } = await startFake();
		fake.app.setMode('down');
		const client = new BilibiliClient({ config, clock, random: () => 0.5 });
		expect(await client.buvid3()).toMatch(/^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\d{5}INFOC$/);
	});

	it('never follows redirects and refuses oversized bodies', async () => {
		const { config, clock } = await startFake();
		const client = new BilibiliClient({ config, clock });
		expect((await client.getJson('/loop000', '')).status).toBe(302);
		const tiny = new BilibiliClient({ config: { ...config, maxUpstreamBytes: 100 }, clock });
		expect(await tiny.view('BV1y7411Q7Eq')).toMatchObject({
			status: 0,
			error: expect.stringMatching(/upstream body/),
		});
	});

	it('times out a slow upstream', async () => {
		const { config, clock, fake } = await startFake();
		fake.app.setMode('slow', { delayMs: 600 });
		const client = new BilibiliClient({
			config: { ...config, upstreamTimeoutMs: 200 },
			clock,
			buvid3: 'x',
		});
		expect(await client.view('BV1y7411Q7Eq')).toMatchObject({ error: 'upstream timed out' });
	});
});
