import { describe, expect, it } from 'vitest';
import { BILIBILI_REASON_INFO, BilibiliReason } from './reasons.js';

describe('Bilibili reasons', () => {
	it('describes every code with a status and a sentence', () => {
		const codes = Object.values(BilibiliReason);
		expect(Object.keys(BILIBILI_REASON_INFO).sort()).toEqual([...codes].sort());
		for (const code of codes) {
			const info = BILIBILI_REASON_INFO[code];
			expect(info.status).toBeGreaterThanOrEqual(400);
			expect(info.message).toMatch(/^[A-Z].*\.$/);
		}
	});

	it('only metadata refusals are fatal (the embed is tried for everything else)', () => {
		const fatal = Object.values(BilibiliReason).filter((c) => BILIBILI_REASON_INFO[c].fatal);
		expect(fatal.sort()).toEqual([
			'deleted',
			'not_found',
			'not_visible',
			'private',
			'under_review',
		]);
	});
});
