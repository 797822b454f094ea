import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { streamEtag } from './media-proxy.js';
import { fileOf, nativeSetup, serve } from './test-app.js';
import { recordingFetch, startFake } from './test-fake.js';
import type { FetchFn } from './upstream-http.js';

describe('GET|HEAD /api/bili/media/:token', () => {
	it('forwards Range: 206 with Content-Range, Content-Length, Accept-Ranges, Content-Type', async () => {
		const setup = await startFake();
		const { app, rep, service } = await nativeSetup(setup);
		const file = await fileOf(setup, 32, 7);
		const res = await app.inject({ url: rep('v32').url, headers: { range: 'bytes=100-1099' } });
		expect(res.statusCode).toBe(206);
		expect(res.headers['content-range']).toBe(`bytes 100-1099/${file.length}`);
		expect(res.headers['content-length']).toBe('1000');
		expect(res.headers['accept-ranges']).toBe('bytes');
		expect(res.headers['content-type']).toBe('video/mp4');
		expect(res.rawPayload.equals(file.subarray(100, 1100))).toBe(true);
		expect(service.proxy.activeStreams).toBe(0);
	});

	it('serves the Initialization and index ranges named in the MPD', async () => {
		const setup = await startFake();
		const { app, rep } = await nativeSetup(setup);
		const file = await fileOf(setup, 30280);
		const a = rep('a30280');
		const [start, end] = a.init.split('-').map(Number) as [number, number];
		const res = await app.inject({ url: a.url, headers: { range: `bytes=${a.init}` } });
		expect(res.statusCode).toBe(206);
		expect(res.headers['content-type']).toBe('audio/mp4');
		expect(res.rawPayload.equals(file.subarray(start, end + 1))).toBe(true);
		expect(res.rawPayload.subarray(4, 8).toString()).toBe('ftyp');
		const idx = await app.inject({ url: a.url, headers: { range: `bytes=${a.indexRange}` } });
		expect(idx.rawPayload.subarray(4, 8).toString()).toBe('sidx');
	});

	it('HEAD gives the headers without a body; no Range → 200 with the whole file', async () => {
		const setup = await startFake();
		const { app, rep } = await nativeSetup(setup);
		const file = await fileOf(setup, 32, 7);
		const head = await app.inject({ method: 'HEAD', url: rep('v32').url });
		expect(head.statusCode).toBe(200);
		expect(head.headers['content-length']).toBe(String(file.length));
		expect(head.body).toBe('');
		const headRange = await app.inject({
			method: 'HEAD',
			url: rep('v32').url,
			headers: { range: 'bytes=0-9' },
		});
		expect(headRange.statusCode).toBe(206);
		expect(headRange.headers['content-range']).toBe(`bytes 0-9/${file.length}`);
		const full = await app.inject({ url: rep('v32').url });
		expect(full.statusCode).toBe(200);
		expect(full.rawPayload.equals(file)).toBe(true);
	});

	it('passes 416 through for an unsatisfiable range', async () => {
		const setup = await startFake();
		const { app, rep } = await nativeSetup(setup);
		const file = await fileOf(setup, 32, 7);
		const res = await app.inject({
			url: rep('v32').url,
			headers: { range: `bytes=${file.length + 10}-` },
		});
		expect(res.statusCode).toBe(416);
		expect(res.headers['content-range']).toBe(`bytes */${file.length}`);
	});

	it('avoids the PCDN base of the best stream by using its backup', async () => {
		const setup = await startFake();
		const { app, resolved, rep } = await nativeSetup(setup);
		const v64 = resolved.streams?.info.kind === 'dash' ? resolved.streams.info.video[0] : null;
		expect(v64?.urls[0]).toContain('localhost'); // upstream put this stream on PCDN
		const res = await app.inject({ url: rep('v64').url, headers: { range: 'bytes=0-99' } });
		expect(res.statusCode).toBe(206);
		expect(setup.fake.app.hits('pcdn')).toBe(0);
		expect(setup.fake.app.hits('cdn:30064')).toBe(1);
	});

	it('re-resolves transparently once the links pass their deadline', async () => {
		const setup = await startFake();
		const { app, rep } = await nativeSetup(setup);
		setup.clock.advance(3 * 3600_000);
		const res = await app.inject({ url: rep('v32').url, headers: { range: 'bytes=0-99' } });
		expect(res.statusCode).toBe(206);
		expect(setup.fake.app.hits('playurl')).toBe(2);
	});

	it('retries with fresh links when the CDN answers 403 (expired upstream before our clock)', async () => {
		const setup = await startFake({ linkTtlSec: 60 });
		const { app, rep } = await nativeSetup(setup);
		setup.fakeOffsetMs.value = 100_000;
		const res = await app.inject({ url: rep('a30232').url, headers: { range: 'bytes=0-99' } });
		expect(res.statusCode).toBe(206);
		expect(setup.fake.app.hits('playurl')).toBe(2);
	});

	it('never lets a CDN 403 reach the client (the CDN demands the Referer we always send)', async () => {
		const setup = await startFake();
		const stripReferer: FetchFn = (input, init) => {
			const headers = new Headers(init?.headers);
			if (String(input).includes('/upgcxcode/')) headers.delete('referer');
			return fetch(input, { ...init, headers });
		};
		const { app, rep, resolved } = await nativeSetup(setup, { fetch: stripReferer });
		const direct = resolved.streams?.info.kind === 'dash' ? resolved.streams.info.audio[0] : null;
		const bare = await fetch(direct?.urls[0] ?? '', { headers: { 'user-agent': 'x' } });
		expect(bare.status).toBe(403); // the fake really checks
		const res = await app.inject({ url: rep('a30280').url, headers: { range: 'bytes=0-9' } });
		expect(res.statusCode).toBe(502);
		expect(res.json()).toMatchObject({ ok: false, reason: 'upstream_down' });
		expect(res.headers['x-fake-reason']).toBeUndefined();
		expect(setup.fake.app.hits('playurl')).toBe(2); // re-resolved once before giving up
		const normal = await (
			await serve(setup)
		).app.inject({
			url: rep('a30280').url,
			headers: { range: 'bytes=0-9' },
		});
		expect(normal.statusCode).toBe(206);
	});

	it('refuses an answer whose streams moved to a host outside the allow-list', async () => {
		const setup = await startFake();
		const recorder = recordingFetch();
		const { app, rep } = await nativeSetup(setup, { fetch: recorder.fetch });
		setup.fake.app.setBases({
			cdnBase: 'http://evil.example:9',
			backupCdnBase: 'http://evil.example:9',
			pcdnBase: null,
		});
		setup.clock.advance(3 * 3600_000);
		const res = await app.inject({ url: rep('v32').url, headers: { range: 'bytes=0-9' } });
		expect(res.statusCode).toBe(502);
		expect(res.json()).toMatchObject({ reason: 'cdn_not_allowed' });
		expect(recorder.urls.some((u) => u.includes('evil.example'))).toBe(false);
	});

	it('answers 502 upstream_down when the CDN is down', async () => {
		const setup = await startFake();
		const { app, rep } = await nativeSetup(setup);
		setup.fake.app.setMode('down', { groups: ['cdn'] });
		const res = await app.inject({ url: rep('v32').url, headers: { range: 'bytes=0-9' } });
		expect(res.statusCode).toBe(502);
		expect(res.json()).toMatchObject({ reason: 'upstream_down' });
	});

	it('answers 404 to an altered media token', async () => {
		const setup = await startFake();
		const { app, rep } = await nativeSetup(setup);
		const url = rep('v32').url;
		const last = url.at(-1) === 'A' ? 'B' : 'A';
		expect((await app.inject({ url: `${url.slice(0, -1)}${last}` })).statusCode).toBe(404);
	});
});

/** A fetch whose CDN bodies trickle out slowly; records cancellation of the upstream body. */
function tricklingFetch(): { fetch: FetchFn; cancelled: () => number; aborted: () => number } {
	let cancelled = 0;
	let aborted = 0;
	const wrapped: FetchFn = async (input, init) => {
		const res = await fetch(input, init);
		if (!String(input).includes('/upgcxcode/') || !res.body) return res;
		init?.signal?.addEventListener('abort', () => aborted++);
		const reader = res.body.getReader();
		const body = new ReadableStream<Uint8Array>({
			async pull(controller) {
				await new Promise((r) => setTimeout(r, 40));
				const { done, value } = await reader.read();
				if (done) controller.close();
				else controller.enqueue(value.subarray(0, 4096));
			},
			async cancel(reason) {
				cancelled++;
				await reader.cancel(reason);
			},
		});
		return new Response(body, { status: res.status, headers: res.headers });
	};
	return { fetch: wrapped, cancelled: () => cancelled, aborted: () => aborted };
}

async function listen(app: FastifyInstance): Promise<number> {
	await app.listen({ port: 0, host: '127.0.0.1' });
	const address = app.server.address();
	return typeof address === 'object' && address ? address.port : 0;
}

/** Opens a request and leaves the body unread; the socket is destroyed when the test ends. */
function open(port: number, path: string): Promise<{ res: IncomingMessage; close: () => void }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) =>
			resolve({ res, close: () => req.destroy() }),
		);
		onTestFinished(() => void req.destroy());
		req.on('error', () => {});
		req.setTimeout(10_000, () => reject(new Error('timeout')));
		req.end();
	});
}

describe('media proxy streaming', () => {
	it('aborts the upstream request when the client disconnects', async () => {
		const setup = await startFake();
		const trickle = tricklingFetch();
		const { app, rep, service } = await nativeSetup(setup, { fetch: trickle.fetch });
		const port = await listen(app);
		const { res, close } = await open(port, rep('v64').url);
		expect(res.statusCode).toBe(200);
		await new Promise((r) => res.once('data', r));
		expect(service.proxy.activeStreams).toBe(1);
		close();
		await expect.poll(() => trickle.aborted()).toBe(1);
		await expect.poll(() => trickle.cancelled()).toBe(1);
		await expect.poll(() => service.proxy.activeStreams).toBe(0);
	});

	it('bounds concurrent streams per client IP', async () => {
		const setup = await startFake();
		const trickle = tricklingFetch();
		const { app, rep, service } = await nativeSetup(setup, {
			fetch: trickle.fetch,
			proxyLimits: { perClient: 2 },
		});
		const port = await listen(app);
		const first = await open(port, rep('v64').url);
		const second = await open(port, rep('v32').url);
		const third = await open(port, rep('a30280').url);
		expect([first.res.statusCode, second.res.statusCode, third.res.statusCode]).toEqual([
			200, 200, 429,
		]);
		first.close();
		await expect.poll(() => service.proxy.activeStreams).toBe(1);
		expect((await open(port, rep('a30232').url)).res.statusCode).toBe(200);
	});
});

describe('a validator for streams whose upstream sends none', () => {
	it('is strong, the same for every range of one stream, different for another', () => {
		const range = (r: string) => new Headers({ 'content-range': r });
		const a = streamEtag('/api/bili/media/tok-a?x=1', range('bytes 0-99/5000'));
		expect(a).toMatch(/^"[\w-]{22}"$/);
		expect(streamEtag('/api/bili/media/tok-a', range('bytes 100-4999/5000'))).toBe(a);
		expect(streamEtag('/api/bili/media/tok-a', new Headers({ 'content-length': '5000' }))).toBe(a);
		expect(streamEtag('/api/bili/media/tok-b', range('bytes 0-99/5000'))).not.toBe(a);
		expect(streamEtag('/api/bili/media/tok-a', range('bytes 0-99/5001'))).not.toBe(a);
		// Unknown size: no validator rather than a wrong one.
		const unknown = new Headers({ 'content-range': 'bytes 0-99/*', 'content-length': '100' });
		expect(streamEtag('/api/bili/media/tok-a', unknown)).toBeNull();
	});
});
