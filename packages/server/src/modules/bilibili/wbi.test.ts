import { describe, expect, it } from 'vitest';
import { canonicalQuery, keyFromWbiUrl, mixinKey, signWbi, wbiSignature } from './wbi.js';

// bilibili-upstream.md §3, "Known-good test vectors".
const KEYS = {
	imgKey: '7cd084941338484aae1ad9425b84077c',
	subKey: '4932caff0ff746eab6f01bf08b70ac45',
};

describe('WBI signing', () => {
	it('builds the mixin key of vector 1', () => {
		expect(mixinKey(KEYS)).toBe('ea1db124af3c7062474693fa704f4ff8');
	});

	it('signs vector 2: sorted query and w_rid', () => {
		const params = { foo: '114', bar: '514', zab: 1919810, wts: 1702204169 };
		expect(canonicalQuery(params)).toBe('bar=514&foo=114&wts=1702204169&zab=1919810');
		expect(wbiSignature(params, KEYS)).toBe('8f6f2b5b3d485fe1886cec6a0be8c5d4');
		expect(signWbi({ foo: '114', bar: '514', zab: 1919810 }, KEYS, 1702204169)).toBe(
			'bar=514&foo=114&wts=1702204169&zab=1919810&w_rid=8f6f2b5b3d485fe1886cec6a0be8c5d4',
		);
	});

	it("drops !'()* from values and encodes like encodeURIComponent", () => {
		expect(canonicalQuery({ b: "it's (a) *test*!", a: '{"x":[1]} ü' })).toBe(
			'a=%7B%22x%22%3A%5B1%5D%7D%20%C3%BC&b=its%20a%20test',
		);
	});

	it('reads key stems from wbi_img URLs', () => {
		expect(keyFromWbiUrl(`https://i0.hdslb.com/bfs/wbi/${KEYS.imgKey}.png`)).toBe(KEYS.imgKey);
		expect(keyFromWbiUrl('https://i0.hdslb.com/bfs/wbi/short.png')).toBeNull();
		expect(keyFromWbiUrl(42)).toBeNull();
	});
});
