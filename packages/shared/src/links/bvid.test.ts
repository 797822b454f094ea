import { describe, expect, it } from 'vitest';
import { avToBv, bvToAv, isBvid, isValidAid, MAX_AID, normalizeBvid } from './bvid.js';

const VECTORS: [number, string][] = [
	[99999999, 'BV1y7411Q7Eq'],
	[969628065, 'BV1rp4y1e745'],
	[170001, 'BV17x411w7KC'],
	[111298867365120, 'BV1L9Uoa9EUx'],
];

/** Deterministic 32-bit LCG (Numerical Recipes constants). */
function lcg(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state;
	};
}

describe('avToBv / bvToAv', () => {
	it.each(VECTORS)('av%i ↔ %s', (aid, bvid) => {
		expect(avToBv(aid)).toBe(bvid);
		expect(avToBv(BigInt(aid))).toBe(bvid);
		expect(bvToAv(bvid)).toBe(aid);
	});

	it('round-trips 500 pseudo-random aids across the whole range', () => {
		const next = lcg(20240601);
		for (let i = 0; i < 500; i++) {
			// 21 + 32 bits, masked to 51 bits, so every size of aid comes up.
			const bits = ((BigInt(next()) << 32n) | BigInt(next())) & (MAX_AID - 1n);
			const aid = bits >> BigInt(next() % 51);
			if (aid === 0n) continue;
			const bvid = avToBv(aid);
			expect(isBvid(bvid)).toBe(true);
			expect(BigInt(bvToAv(bvid))).toBe(aid);
		}
	});

	it.each([1, 2, 2 ** 30, Math.floor(2 ** 51 / 3), 2 ** 51 - 1])(
		'round-trips edge aid %i',
		(aid) => {
			expect(bvToAv(avToBv(aid))).toBe(aid);
		},
	);

	it.each([0, -1, 1.5, Number.NaN, 2 ** 51, 2 ** 53])('avToBv rejects %s', (aid) => {
		expect(() => avToBv(aid)).toThrow(RangeError);
	});

	it('avToBv rejects a bigint at 2^51', () => {
		expect(() => avToBv(MAX_AID)).toThrow(RangeError);
	});

	it('bvToAv accepts a lower-case prefix and rejects malformed ids', () => {
		expect(bvToAv('bv1y7411Q7Eq')).toBe(99999999);
		expect(() => bvToAv('BV1y7411Q7E')).toThrow(RangeError);
	});

	it('treats the nine digits as case sensitive', () => {
		expect(isBvid('BV1y7411q7eq')).toBe(true);
		expect(bvToAv('BV1y7411q7eq')).not.toBe(99999999);
	});
});

describe('isBvid / normalizeBvid', () => {
	it.each([
		['BV1y7411Q7Eq', 'BV1y7411Q7Eq'],
		['bv1y7411Q7Eq', 'BV1y7411Q7Eq'],
		['Bv1y7411Q7Eq', 'BV1y7411Q7Eq'],
	])('accepts %s', (s, normal) => {
		expect(isBvid(s)).toBe(true);
		expect(normalizeBvid(s)).toBe(normal);
	});

	it.each([
		['too short', 'BV1y7411Q7E'],
		['too long', 'BV1y7411Q7Eqq'],
		['third char not 1', 'BV2y7411Q7Eq'],
		['0 is not base58', 'BV1y7411Q70q'],
		['O is not base58', 'BV1y7411Q7Oq'],
		['I is not base58', 'BV1y7411Q7Iq'],
		['l is not base58', 'BV1y7411Q7lq'],
		['punctuation', 'BV1y7411Q7E!'],
		['whitespace', ' BV1y7411Q7E'],
		['wrong prefix', 'AV1y7411Q7Eq'],
		['empty', ''],
	])('rejects (%s) %s', (_why, s) => {
		expect(isBvid(s)).toBe(false);
		expect(normalizeBvid(s)).toBeNull();
	});

	it.each([
		[1, true],
		[2 ** 51 - 1, true],
		[0, false],
		[2 ** 51, false],
		[1.5, false],
	])('isValidAid(%s) is %s', (aid, valid) => {
		expect(isValidAid(aid)).toBe(valid);
	});
});
