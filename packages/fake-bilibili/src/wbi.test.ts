import { describe, expect, it } from 'vitest';
import { KNOWN_WBI_KEYS, canonicalQuery, mixinKey, signWbi, verifyWbi } from './wbi.js';

describe('WBI (doc §3 vectors)', () => {
	it('derives the mixin key', () => {
		expect(mixinKey(KNOWN_WBI_KEYS)).toBe('ea1db124af3c7062474693fa704f4ff8');
	});

	it('signs the sample parameters', () => {
		const { query, wRid } = signWbi(
			{ foo: '114', bar: '514', zab: 1919810 },
			KNOWN_WBI_KEYS,
			1702204169,
		);
		expect(wRid).toBe('8f6f2b5b3d485fe1886cec6a0be8c5d4');
		expect(query).toBe(
			'bar=514&foo=114&wts=1702204169&zab=1919810&w_rid=8f6f2b5b3d485fe1886cec6a0be8c5d4',
		);
	});

	it("drops !'()* from values and encodes like encodeURIComponent", () => {
		expect(canonicalQuery({ b: "a b!'()*", a: '{"x":[1]}' })).toBe(
			'a=%7B%22x%22%3A%5B1%5D%7D&b=a%20b',
		);
	});
});

describe('verifyWbi', () => {
	const wts = 1702204169;
	const signed = { foo: '114', bar: '514', zab: '1919810', wts: String(wts) };
	const wRid = '8f6f2b5b3d485fe1886cec6a0be8c5d4';

	it.each([
		['a correct signature', { ...signed, w_rid: wRid }, wts + 5, null],
		['no w_rid', signed, wts, 'unsigned'],
		['no wts', { foo: '114', w_rid: wRid }, wts, 'unsigned'],
		['a tampered value', { ...signed, foo: '115', w_rid: wRid }, wts, 'bad-signature'],
		['another key set', { ...signed, w_rid: '0'.repeat(32) }, wts, 'bad-signature'],
		['a wts 601 s old', { ...signed, w_rid: wRid }, wts + 601, 'stale-wts'],
		['a wts 601 s ahead', { ...signed, w_rid: wRid }, wts - 601, 'stale-wts'],
	] as const)('%s', (_name, query, now, expected) => {
		expect(verifyWbi(query, KNOWN_WBI_KEYS, now)).toBe(expected);
	});
});
