/**
 * The media proxy is no open proxy and no SSRF path: its CDN host may redirect, and the proxy
 * follows by hand — within the allow-list, a bounded number of hops — and never to loopback,
 * private or other hosts, whatever the redirect says. Real servers on real ports: the fake
 * Bilibili for the API, and an allow-listed "CDN" of our own that redirects where a test says.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bilibiliRoom, fakeEnv, loadNative, startFakeBilibili } from './bilibili-fixture.js';

/** An HTTP server that answers every request with a redirect to `location` (or 206 on /final). */
async function redirectingCdn() {
	const seen: string[] = [];
	const control = { location: '' };
	const server = createServer((req, res) => {
		seen.push(req.url ?? '');
		if (req.url?.startsWith('/final')) {
			res.writeHead(206, { 'content-range': 'bytes 0-9/10', 'content-length': '10' });
			res.end('0123456789');
			return;
		}
		res.writeHead(302, { location: control.location });
		res.end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
	return { port: (server.address() as AddressInfo).port, seen, control };
}

describe('media proxy redirects', () => {
	it('follows them only within the allow-list, never to loopback, private or metadata addresses', async () => {
		const fake = await startFakeBilibili();
		const cdn = await redirectingCdn();
		const cdnBase = `http://127.0.0.1:${cdn.port}`;
		fake.app.setBases({ cdnBase, backupCdnBase: cdnBase, pcdnBase: null });
		const { base, cookie, socket } = await bilibiliRoom({
			fake,
			env: fakeEnv(fake, [`127.0.0.1:${cdn.port}`]),
		});
		const [media] = (await loadNative(base, cookie, socket)).streams;
		const get = () => fetch(`${base}${media}`, { headers: { cookie, range: 'bytes=0-9' } });

		// Within the allow-list (here a relative hop on the same host) the proxy follows.
		cdn.control.location = '/final';
		const followed = await get();
		expect(followed.status).toBe(206);
		expect(await followed.text()).toBe('0123456789');

		const fakeCdn = `127.0.0.1:${fake.port}`;
		let candidates = 0;
		for (const location of [
			// The fake itself: a loopback service that would happily serve the bytes.
			`http://${fakeCdn}/upgcxcode/00/00/1/1_nb2-1-30064.m4s`,
			`http://localhost:${fake.port}/upgcxcode/x.m4s`,
			'http://10.0.0.1/x',
			'http://169.254.169.254/latest/meta-data/',
			'http://[::1]:22/',
			'file:///etc/passwd',
		]) {
			cdn.control.location = location;
			const cdnRequests = cdn.seen.length;
			const res = await get();
			expect(res.status, location).toBe(502);
			expect(await res.json()).toMatchObject({ ok: false, reason: 'upstream_down' });
			// Only our allow-listed CDN was asked, once per candidate URL (base and backups).
			candidates = cdn.seen.length - cdnRequests;
			expect(candidates).toBeGreaterThan(0);
		}
		expect(fake.app.hits('cdn')).toBe(0);
		expect(fake.app.hits('pcdn')).toBe(0);

		// A loop on the allowed host ends at the hop limit (3 redirects per candidate URL).
		cdn.control.location = '/again';
		const before = cdn.seen.length;
		expect((await get()).status).toBe(502);
		expect(cdn.seen.length - before).toBe(candidates * 4);
	});
});

describe('media proxy and DNS', () => {
	it('never contacts a wildcard-allowed host that is a private address', async () => {
		const fake = await startFakeBilibili();
		// `*.0.0.1:<port>` matches the fake's CDN (127.0.0.1) by wildcard only: the operator never
		// named it, and it is loopback, so the proxy must not go there.
		const { base, cookie, socket } = await bilibiliRoom({
			fake,
			env: fakeEnv(fake, [`*.0.0.1:${fake.port}`]),
		});
		const [media] = (await loadNative(base, cookie, socket)).streams;
		const res = await fetch(`${base}${media}`, { headers: { cookie, range: 'bytes=0-9' } });
		expect(res.status).toBe(502);
		expect(await res.json()).toMatchObject({ ok: false, reason: 'upstream_down' });
		expect(fake.app.hits('cdn')).toBe(0);
	});
});

describe('media proxy time limit', () => {
	it('gives up on a CDN that does not answer in time instead of holding the viewer', async () => {
		const fake = await startFakeBilibili();
		const { base, cookie, socket } = await bilibiliRoom({
			fake,
			env: { BILIBILI_UPSTREAM_TIMEOUT_MS: '1000' },
		});
		const [media] = (await loadNative(base, cookie, socket)).streams;
		// The CDN would answer — normally — after 8 s; the proxy's limit is 1 s.
		fake.app.setMode('slow', { delayMs: 8_000, groups: ['cdn'] });
		const res = await fetch(`${base}${media}`, { headers: { cookie, range: 'bytes=0-9' } });
		expect(res.status).toBe(502);
		expect(await res.json()).toMatchObject({ reason: 'upstream_down' });
		expect(fake.app.hits('cdn')).toBeGreaterThan(0);
	});
});
