import { describe, expect, it } from 'vitest';
import { CdnPolicy } from './cdn-policy.js';
import { HostList, isPrivateAddress, parseHostPattern, resolvesPublic } from './hosts.js';

const DEFAULT = ['*.bilivideo.com', '*.bilivideo.cn', 'upos-hz-mirrorakam.akamaized.net'];

describe('host patterns', () => {
	it.each([
		['*.bilivideo.com', true],
		['upos-hz-mirrorakam.akamaized.net', true],
		['127.0.0.1:5055', true],
		['[::1]:5055', true],
		['localhost', true],
		['*.', false],
		['*.[::1]', false],
		['http://x.com', false],
		['a.com:99999', false],
		['a b.com', false],
	])('parseHostPattern(%s) valid: %s', (raw, valid) => {
		expect(parseHostPattern(raw) !== null).toBe(valid);
	});

	it('matches wildcards on subdomains only, ports only where named', () => {
		const list = new HostList([...DEFAULT, '127.0.0.1:5055']);
		const m = (u: string) => list.matches(new URL(u));
		expect(m('https://upos-sz-mirrorcos.bilivideo.com/x')).toBe(true);
		expect(m('https://a.b.bilivideo.cn/x')).toBe(true);
		expect(m('https://bilivideo.com/x')).toBe(false);
		expect(m('https://bilivideo.com.evil.com/x')).toBe(false);
		expect(m('https://evilbilivideo.com/x')).toBe(false);
		expect(m('https://UPOS-HZ-MIRRORAKAM.akamaized.net./x')).toBe(true);
		expect(m('http://127.0.0.1:5055/x')).toBe(true);
		expect(m('http://127.0.0.1:5056/x')).toBe(false);
		expect(m('http://127.0.0.1/x')).toBe(false);
	});
});

describe('CdnPolicy', () => {
	const path = '/upgcxcode/08/62/1/1_nb2-1-30064.m4s?deadline=9&upsig=a';
	const pcdn = `https://xy1x2x3x4xy.mcdn.bilivideo.cn:4483${path}`;
	const upos = 'https://upos-sz-mirrorcos.bilivideo.com/upgcxcode/08/62/1/1_nb2-1-30032.m4s?d=1';
	const akam = 'https://upos-hz-mirrorakam.akamaized.net/upgcxcode/08/62/1/1_nb2-1-30032.m4s?d=2';
	const evil = 'https://evil.example/upgcxcode/08/62/1/1_nb2-1-30064.m4s';

	it('orders regular mirrors first, then PCDN moved onto a mirror, then PCDN itself', () => {
		const policy = new CdnPolicy(DEFAULT);
		const order = policy.candidates([pcdn, upos, evil, akam]).map((u) => u.href);
		expect(order).toEqual([upos, akam, `https://upos-sz-mirrorcos.bilivideo.com${path}`, pcdn]);
		expect(policy.isPcdn(new URL(pcdn))).toBe(true);
		expect(policy.isPcdn(new URL(upos))).toBe(false);
	});

	it('treats pcdnHosts and untrusted ports as PCDN, trusted host:port as CDN', () => {
		const policy = new CdnPolicy(['127.0.0.1:5055'], ['localhost']);
		expect(policy.isPcdn(new URL('http://localhost:5055/upgcxcode/a'))).toBe(true);
		expect(policy.isPcdn(new URL('http://127.0.0.1:5055/upgcxcode/a'))).toBe(false);
		const urls = policy.candidates([
			'http://localhost:5055/upgcxcode/a?d=1',
			'http://127.0.0.1:5055/upgcxcode/b?d=1',
		]);
		expect(urls.map((u) => u.href)).toEqual([
			'http://127.0.0.1:5055/upgcxcode/b?d=1',
			'http://127.0.0.1:5055/upgcxcode/a?d=1',
		]);
	});

	it('never offers a foreign or credentialed URL, and refuses everything when nothing is allowed', () => {
		const policy = new CdnPolicy(DEFAULT);
		expect(
			policy.candidates([evil, 'https://u:p@a.bilivideo.com/x', 'ftp://a.bilivideo.com/x', '::']),
		).toEqual([]);
		expect(policy.allows(new URL('https://a.bilivideo.com/x'))).toBe(true);
	});
});

describe('CdnPolicy: where a host resolves', () => {
	const lookups: string[] = [];
	const dns: Record<string, string[]> = {
		'upos-sz-mirrorcos.bilivideo.com': ['203.119.1.10'],
		'rebind.bilivideo.com': ['127.0.0.1'],
		'mixed.bilivideo.com': ['203.119.1.11', '10.0.0.8'],
		'meta.bilivideo.com': ['169.254.169.254'],
	};
	const lookup = async (host: string) => {
		lookups.push(host);
		const found = dns[host];
		if (!found) throw new Error('ENOTFOUND');
		return found;
	};

	it('contacts a wildcard-matched name only when every address it resolves to is public', async () => {
		const policy = new CdnPolicy(['*.bilivideo.com', '127.0.0.1:5055'], [], lookup);
		const ok = (href: string, nowMs = 0) => policy.safeToContact(new URL(href), nowMs);
		expect(await ok('https://upos-sz-mirrorcos.bilivideo.com/x')).toBe(true);
		for (const host of ['rebind', 'mixed', 'meta', 'missing']) {
			expect(await ok(`https://${host}.bilivideo.com/x`)).toBe(false);
		}
		// An IP literal a wildcard happens to match is judged by itself.
		expect(
			await new CdnPolicy(['*.0.0.1'], [], lookup).safeToContact(new URL('http://127.0.0.1/'), 0),
		).toBe(false);
		// A host the operator listed by name is trusted as configured; off-list hosts never are.
		expect(await ok('http://127.0.0.1:5055/x')).toBe(true);
		expect(await ok('https://evil.example/x')).toBe(false);
		// Answers are reused for a minute, then asked again.
		lookups.length = 0;
		await ok('https://rebind.bilivideo.com/y', 30_000);
		expect(lookups).toEqual([]);
		await ok('https://rebind.bilivideo.com/y', 61_000);
		expect(lookups).toEqual(['rebind.bilivideo.com']);
	});
});

describe('private addresses', () => {
	it.each([
		['127.0.0.1', true],
		['10.1.2.3', true],
		['172.16.0.1', true],
		['172.32.0.1', false],
		['192.168.1.1', true],
		['169.254.169.254', true],
		['100.64.0.1', true],
		['0.0.0.0', true],
		['::1', true],
		['[::1]', true],
		['fd00::1', true],
		['fe80::1', true],
		['::ffff:127.0.0.1', true],
		['::ffff:8.8.8.8', false],
		['8.8.8.8', false],
		['2001:4860:4860::8888', false],
		['not-an-ip', true],
	])('%s private: %s', (ip, expected) => {
		expect(isPrivateAddress(ip)).toBe(expected);
	});

	it('checks every resolved address of a name', async () => {
		expect(await resolvesPublic('a.example', async () => ['8.8.8.8'])).toBe(true);
		expect(await resolvesPublic('a.example', async () => ['8.8.8.8', '10.0.0.1'])).toBe(false);
		expect(await resolvesPublic('a.example', async () => [])).toBe(false);
		expect(await resolvesPublic('a.example', () => Promise.reject(new Error('NXDOMAIN')))).toBe(
			false,
		);
		expect(await resolvesPublic('127.0.0.1', async () => ['8.8.8.8'])).toBe(false);
	});
});
