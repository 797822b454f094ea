import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { start } from './app.js';
import { SINGLE_PART } from './fixtures.js';
import { topLevelBoxes } from './mp4.parse.js';
import {
	BROWSER_HEADERS,
	CDN_BASE,
	NOW_MS,
	PCDN_BASE,
	dashFor,
	injectUrl,
	playurlPath,
	testFake,
	testMedia,
} from './test/harness.js';

const single = { bvid: SINGLE_PART.bvid, cid: SINGLE_PART.pages[0]?.cid ?? 0 };
const media = await testMedia();

/** A fake plus the first CDN (non-PCDN) AVC video and audio URLs of a DASH answer. */
async function setup(options: Parameters<typeof testFake>[0] = {}) {
	const app = await testFake(options);
	const { dash } = await dashFor(app, single);
	const video = dash.video.find((v) => v.codecid === 7 && v.baseUrl.startsWith(CDN_BASE));
	if (!video) throw new Error('no CDN video');
	return { app, dash, video, audio: dash.audio[0] };
}

/** The fixture file a CDN URL serves. */
async function fileOf(url: string): Promise<Buffer> {
	const streamId = Number(/-1-(\d+)\.m4s/.exec(url)?.[1]);
	return readFile(media.byStreamId.get(streamId)?.path ?? '');
}

function rangeOf(range: string): [number, number] {
	const [a, b] = range.split('-').map(Number);
	return [a ?? 0, b ?? 0];
}

describe('SegmentBase ranges against the served bytes', () => {
	it('Initialization is ftyp..end of moov; indexRange is exactly the sidx', async () => {
		const { app, dash } = await setup();
		for (const entry of [...dash.video, ...dash.audio]) {
			const url = entry.backupUrl[0] ?? '';
			const [is, ie] = rangeOf(entry.SegmentBase.Initialization);
			const init = await injectUrl(app, url, { ...BROWSER_HEADERS, range: `bytes=${is}-${ie}` });
			expect(init.statusCode).toBe(206);
			const boxes = topLevelBoxes(init.rawPayload);
			expect(boxes.map((b) => b.type)).toEqual(['ftyp', 'moov']);
			expect(boxes.at(-1)?.end).toBe(ie + 1);

			const [xs, xe] = rangeOf(entry.SegmentBase.indexRange);
			expect(xs).toBe(ie + 1);
			const index = await injectUrl(app, url, { ...BROWSER_HEADERS, range: `bytes=${xs}-${xe}` });
			expect(topLevelBoxes(index.rawPayload).map((b) => [b.type, b.end])).toEqual([
				['sidx', xe - xs + 1],
			]);
		}
	});
});

describe('Referer / User-Agent / deadline / signature', () => {
	it.each([
		['no Referer', { 'user-agent': BROWSER_HEADERS['user-agent'] }, 'referer'],
		['a foreign Referer', { ...BROWSER_HEADERS, referer: 'https://example.com/' }, 'referer'],
		[
			'a look-alike Referer',
			{ ...BROWSER_HEADERS, referer: 'https://evilbilibili.com/' },
			'referer',
		],
		[
			'an empty User-Agent',
			{ referer: 'https://www.bilibili.com/', 'user-agent': '' },
			'user-agent',
		],
	])('403 with %s', async (_name, headers, reason) => {
		const { app, video } = await setup();
		const res = await injectUrl(app, video.baseUrl, headers as Record<string, string>);
		expect(res.statusCode).toBe(403);
		expect(res.headers['x-fake-reason']).toBe(reason);
	});

	it.each([
		'https://www.bilibili.com/',
		'https://www.bilibili.com/video/BV1y7411Q7Eq',
		'https://bilibili.com/',
		'https://m.bilibili.com/',
	])('200 with Referer %s', async (referer) => {
		const { app, video } = await setup();
		const res = await injectUrl(app, video.baseUrl, { ...BROWSER_HEADERS, referer }, 'HEAD');
		expect(res.statusCode).toBe(200);
	});

	it('403 after the deadline (injected clock), not before', async () => {
		let now = NOW_MS;
		const { app, video } = await setup({ now: () => now, linkTtlSec: 100 });
		now += 100_000;
		expect((await injectUrl(app, video.baseUrl, BROWSER_HEADERS, 'HEAD')).statusCode).toBe(200);
		now += 1_000;
		const late = await injectUrl(app, video.baseUrl, BROWSER_HEADERS, 'HEAD');
		expect([late.statusCode, late.headers['x-fake-reason']]).toEqual([403, 'expired']);
	});

	it('403 when the deadline is edited (upsig binds it)', async () => {
		const { app, video } = await setup();
		const url = new URL(video.baseUrl);
		url.searchParams.set('deadline', String(Number(url.searchParams.get('deadline')) + 3600));
		const res = await injectUrl(app, url.toString());
		expect([res.statusCode, res.headers['x-fake-reason']]).toEqual([403, 'signature']);
	});

	it('the host can be swapped (mirror substitution keeps path and query)', async () => {
		const { app, dash } = await setup();
		const pcdn = dash.video.find((v) => v.baseUrl.startsWith(PCDN_BASE));
		const swapped = (pcdn?.baseUrl ?? '').replace(PCDN_BASE, CDN_BASE);
		expect((await injectUrl(app, swapped, BROWSER_HEADERS, 'HEAD')).statusCode).toBe(200);
	});

	it('404 for unknown cids, stream ids and shapes', async () => {
		const { app, video } = await setup();
		for (const url of [
			video.baseUrl.replaceAll(String(single.cid), '5'),
			video.baseUrl.replace(/-1-\d+\.m4s/, '-1-30999.m4s'),
			video.baseUrl.replace('.m4s', '.mp4'),
			`${CDN_BASE}/upgcxcode/whatever`,
		]) {
			expect((await injectUrl(app, url)).statusCode).toBe(404);
		}
	});
});

describe('Range and HEAD', () => {
	it('200 full body with Accept-Ranges and Content-Length', async () => {
		const { app, video } = await setup();
		const res = await injectUrl(app, video.baseUrl);
		const file = await fileOf(video.baseUrl);
		expect(res.statusCode).toBe(200);
		expect(res.headers['accept-ranges']).toBe('bytes');
		expect(res.headers['content-length']).toBe(String(file.byteLength));
		expect(res.headers['content-type']).toBe('video/mp4');
		expect(Buffer.compare(res.rawPayload, file)).toBe(0);
	});

	it.each([
		['bytes=0-99', 0, 99],
		['bytes=1000-', 1000, -1],
		['bytes=-500', -500, -1],
	])('206 for %s', async (range, from, to) => {
		const { app, video } = await setup();
		const file = await fileOf(video.baseUrl);
		const size = file.byteLength;
		const start = from < 0 ? size + from : from;
		const end = to < 0 ? size - 1 : to;
		const res = await injectUrl(app, video.baseUrl, { ...BROWSER_HEADERS, range });
		expect(res.statusCode).toBe(206);
		expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
		expect(res.headers['content-length']).toBe(String(end - start + 1));
		expect(Buffer.compare(res.rawPayload, file.subarray(start, end + 1))).toBe(0);
	});

	it('416 with bytes */size for an unsatisfiable range', async () => {
		const { app, video } = await setup();
		const size = (await fileOf(video.baseUrl)).byteLength;
		const res = await injectUrl(app, video.baseUrl, {
			...BROWSER_HEADERS,
			range: `bytes=${size}-`,
		});
		expect(res.statusCode).toBe(416);
		expect(res.headers['content-range']).toBe(`bytes */${size}`);
	});

	it('If-Range with a stale validator sends the whole file', async () => {
		const { app, video } = await setup();
		const head = await injectUrl(app, video.baseUrl, BROWSER_HEADERS, 'HEAD');
		const etag = String(head.headers.etag);
		const fresh = await injectUrl(app, video.baseUrl, {
			...BROWSER_HEADERS,
			range: 'bytes=0-9',
			'if-range': etag,
		});
		expect(fresh.statusCode).toBe(206);
		const stale = await injectUrl(app, video.baseUrl, {
			...BROWSER_HEADERS,
			range: 'bytes=0-9',
			'if-range': '"other"',
		});
		expect(stale.statusCode).toBe(200);
	});

	it('HEAD answers headers only', async () => {
		const { app, audio } = await setup();
		const res = await injectUrl(
			app,
			audio?.baseUrl ?? '',
			{ ...BROWSER_HEADERS, range: 'bytes=0-9' },
			'HEAD',
		);
		expect(res.statusCode).toBe(206);
		expect(res.headers['content-length']).toBe('10');
		expect(res.rawPayload.byteLength).toBe(0);
	});

	it('never sends CORS headers, even to a preflight or an Origin', async () => {
		const { app, video } = await setup();
		const get = await injectUrl(app, video.baseUrl, {
			...BROWSER_HEADERS,
			origin: 'https://www.bilibili.com',
		});
		const preflight = await app.inject({
			method: 'OPTIONS',
			url: new URL(video.baseUrl).pathname,
			headers: { origin: 'http://localhost:5000', 'access-control-request-method': 'GET' },
		});
		for (const res of [get, preflight]) {
			expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
		}
		expect(preflight.statusCode).toBe(404);
	});
});

describe('progressive MP4 (durl)', () => {
	it('platform=html5 URLs need no Referer; platform=pc ones do', async () => {
		const app = await testFake();
		const urlFor = async (params: Record<string, string | number>) => {
			const res = await app.inject({
				url: playurlPath({ ...single, ...params }),
				headers: BROWSER_HEADERS,
			});
			return res.json<{ data: { durl: { url: string; size: number }[] } }>().data.durl[0];
		};
		const html5 = await urlFor({ fnval: 1, platform: 'html5', high_quality: 1 });
		const res = await injectUrl(app, html5?.url ?? '', { range: 'bytes=0-1023' });
		expect(res.statusCode).toBe(206);
		expect(res.headers['content-range']).toBe(`bytes 0-1023/${html5?.size}`);
		const pc = await urlFor({ fnval: 1 });
		expect((await injectUrl(app, pc?.url ?? '', {})).statusCode).toBe(403);
		expect((await injectUrl(app, pc?.url ?? '')).statusCode).toBe(200);
	});
});

describe('over a real socket', () => {
	it('streams ranges; PCDN (localhost) and CDN (127.0.0.1) hits are counted apart', async () => {
		const fake = await start(0, { media, now: () => NOW_MS });
		try {
			const res = await fetch(fake.url + playurlPath({ ...single, fnval: 4048, try_look: 1 }), {
				headers: BROWSER_HEADERS,
			});
			const { data } = (await res.json()) as {
				data: { dash: { video: { baseUrl: string; backupUrl: string[] }[] } };
			};
			const [top] = data.dash.video;
			expect(top?.baseUrl.startsWith(fake.pcdnUrl)).toBe(true);
			expect(top?.backupUrl[0]?.startsWith(fake.url)).toBe(true);

			const pcdn = await fetch(top?.baseUrl ?? '', {
				headers: { ...BROWSER_HEADERS, range: 'bytes=0-99' },
			});
			expect([pcdn.status, (await pcdn.arrayBuffer()).byteLength]).toEqual([206, 100]);
			const cdn = await fetch(top?.backupUrl[0] ?? '', { headers: BROWSER_HEADERS });
			expect((await cdn.arrayBuffer()).byteLength).toBe(media.video[0]?.size);
			expect(fake.app.hits('pcdn')).toBe(1);
			expect(fake.app.hits('pcdn:30064')).toBe(1);
			expect(fake.app.hits('cdn')).toBe(1);
			expect(fake.app.hits('cdn:30064')).toBe(1);
		} finally {
			await fake.close();
		}
	});
});
