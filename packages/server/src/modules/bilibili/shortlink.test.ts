import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { DEFAULT_BILIBILI_CONFIG } from './bilibili.config.js';
import { firstAnchorHref, resolveShortLink } from './shortlink.js';
import { recordingFetch, startFake } from './test-fake.js';
import type { FetchFn } from './upstream-http.js';

const PUBLIC = async () => ['93.184.216.34'];

async function setup() {
	const { fake, config } = await startFake();
	const recorder = recordingFetch();
	const resolve = (code: string) =>
		resolveShortLink(`https://b23.tv/${code}`, { config, fetch: recorder.fetch, lookup: PUBLIC });
	return { fake, resolve, urls: recorder.urls };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
	const error = await promise.catch((e: unknown) => e);
	if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
	return error;
}

describe('resolveShortLink against the fake', () => {
	it.each([
		['pigt3PQ', { kind: 'video', bvid: 'BV17x411w7KC', page: 2, startSec: 0 }],
		['tStart4', { kind: 'video', bvid: 'BV1y7411Q7Eq', page: 1, startSec: 4 }],
		['ep28401', { kind: 'episode', epId: 284001, startSec: 0 }],
		['htm1Lnk', { kind: 'video', bvid: 'BV1y7411Q7Eq', page: 1, startSec: 0 }],
		['hop3abc', { kind: 'video', bvid: 'BV17x411w7KC', page: 3, startSec: 0 }],
		['av170001', { kind: 'video', bvid: 'BV17x411w7KC', page: 1, startSec: 0 }],
	])('%s → %j', async (code, expected) => {
		const { resolve, urls } = await setup();
		expect(await resolve(code)).toEqual(expected);
		// bilibili.com itself is parsed, never fetched.
		expect(urls.some((u) => u.includes('bilibili.com'))).toBe(false);
	});

	it('stops a redirect loop at the hop limit', async () => {
		const { fake, resolve } = await setup();
		const error = await failure(resolve('loop000'));
		expect(error).toMatchObject({
			code: 'invalid_link',
			status: 400,
			extra: { reason: 'shortlink_loop' },
		});
		expect(fake.app.hits('shortlink:loop000')).toBe(5);
	});

	it.each([
		['ssrf127', '127.0.0.1:1'],
		['evil000', 'evil.example'],
	])('%s: refuses the off-list redirect without contacting %s', async (code, host) => {
		const { resolve, urls } = await setup();
		const error = await failure(resolve(code));
		expect(error).toMatchObject({ code: 'invalid_link', extra: { reason: 'shortlink_refused' } });
		expect(urls).toHaveLength(1);
		expect(urls.some((u) => u.includes(host))).toBe(false);
	});

	it('reports an unknown code and an outage distinctly', async () => {
		const { fake, resolve } = await setup();
		expect(await failure(resolve('nope123'))).toMatchObject({
			extra: { reason: 'shortlink_not_found' },
		});
		fake.app.setMode('down', { downStyle: 'reset' });
		expect(await failure(resolve('pigt3PQ'))).toMatchObject({
			code: 'unavailable',
			extra: { reason: 'upstream_down' },
		});
	});
});

describe('resolveShortLink host rules', () => {
	function stubFetch(location: string): { fetch: FetchFn; urls: string[] } {
		return recordingFetch(async () => new Response(null, { status: 302, headers: { location } }));
	}
	const config = { ...DEFAULT_BILIBILI_CONFIG };

	it('refuses an allow-listed name that resolves to a private address', async () => {
		const stub = stubFetch('https://m.bilibili.com/some/landing');
		const error = await failure(
			resolveShortLink('https://b23.tv/abc1234', {
				config,
				fetch: stub.fetch,
				lookup: async (name) => (name === 'm.bilibili.com' ? ['10.0.0.5'] : ['93.184.216.34']),
			}),
		);
		expect(error).toMatchObject({ extra: { reason: 'shortlink_refused' } });
		expect(stub.urls).toEqual(['https://b23.tv/abc1234']);
	});

	it.each([
		'http://169.254.169.254/latest/meta-data',
		'https://bilibili.com:8443/x',
		'file:///etc/passwd',
		'https://user:pw@www.bilibili.com/x',
	])('refuses a redirect to %s', async (location) => {
		const stub = stubFetch(location);
		const error = await failure(
			resolveShortLink('https://b23.tv/abc1234', { config, fetch: stub.fetch, lookup: PUBLIC }),
		);
		expect(error).toMatchObject({ extra: { reason: 'shortlink_refused' } });
		expect(stub.urls).toHaveLength(1);
	});

	it('re-targets b23.tv links (with ports or credentials) at the canonical base only', async () => {
		const stub = stubFetch('https://user:pw@b23.tv:8443/xyz');
		await failure(
			resolveShortLink('https://b23.tv/abc1234', { config, fetch: stub.fetch, lookup: PUBLIC }),
		);
		expect(stub.urls.slice(1).every((u) => u === 'https://b23.tv/xyz')).toBe(true);
	});

	it('follows bili2233.cn only to public addresses', async () => {
		const stub = stubFetch('https://www.bilibili.com/video/BV1y7411Q7Eq?p=1&share_source=x');
		const ref = await resolveShortLink('https://bili2233.cn/abc1234', {
			config,
			fetch: stub.fetch,
			lookup: PUBLIC,
		});
		expect(ref).toEqual({ kind: 'video', bvid: 'BV1y7411Q7Eq', page: 1, startSec: 0 });
		const blocked = await failure(
			resolveShortLink('https://bili2233.cn/abc1234', {
				config,
				fetch: stub.fetch,
				lookup: async () => ['127.0.0.1'],
			}),
		);
		expect(blocked).toMatchObject({ extra: { reason: 'shortlink_refused' } });
	});

	it('reads the first <a href> of a page', () => {
		expect(firstAnchorHref('<p><a class="x" href="https://a.example/?p=1&amp;t=2">x</a>')).toBe(
			'https://a.example/?p=1&t=2',
		);
		expect(firstAnchorHref("<a href='/rel'>")).toBe('/rel');
		expect(firstAnchorHref('<p>none</p>')).toBeNull();
	});
});
