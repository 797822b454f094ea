import { describe, expect, it } from 'vitest';
import { avToBv, bvToAv, isBvid } from './bvid.js';

describe('av ↔ BV (doc §2 vectors)', () => {
	it.each([
		[99999999n, 'BV1y7411Q7Eq'],
		[969628065n, 'BV1rp4y1e745'],
		[170001n, 'BV17x411w7KC'],
		[111298867365120n, 'BV1L9Uoa9EUx'],
	])('av%s ↔ %s', (aid, bvid) => {
		expect(avToBv(aid)).toBe(bvid);
		expect(bvToAv(bvid)).toBe(aid);
	});

	it.each(['BV1y7411Q7E', 'BV0y7411Q7Eq', 'av170001', 'BV1y7411Q7E0'])('rejects %s', (s) => {
		expect(isBvid(s)).toBe(false);
		expect(bvToAv(s)).toBeNull();
	});
});
