import { describe, expect, it } from 'vitest';
import { TokenSigner, type TokenPayload } from './token.js';

const signer = new TokenSigner('a-long-test-secret-0123456789abcdef');

const PAYLOADS: TokenPayload[] = [
	{
		type: 'manifest',
		part: { src: 'ugc', bvid: 'BV1y7411Q7Eq', cid: 171776208 },
		families: ['avc'],
	},
	{ type: 'manifest', part: { src: 'pgc', epId: 284001, cid: 590001 }, families: ['avc', 'hevc'] },
	{ type: 'manifest', part: { src: 'ugc', bvid: 'BV17x411w7KC', cid: 279787 }, families: [] },
	{
		type: 'media',
		part: { src: 'ugc', bvid: 'BV1y7411Q7Eq', cid: 171776208 },
		stream: { kind: 'video', id: 64, codecid: 7 },
	},
	{
		type: 'media',
		part: { src: 'pgc', epId: 284001, cid: 590001 },
		stream: { kind: 'audio', id: 30280 },
	},
	{ type: 'media', part: { src: 'ugc', bvid: 'BV1y7411Q7Eq', cid: 1 }, stream: { kind: 'mp4' } },
	{ type: 'danmaku', part: { src: 'ugc', bvid: 'BV1y7411Q7Eq', cid: 171776208 } },
];

describe('TokenSigner', () => {
	it.each(PAYLOADS.map((p) => [p.type, p] as const))('round-trips a %s token', (_t, payload) => {
		const token = signer.sign(payload);
		expect(token).toMatch(/^[A-Za-z0-9~_.-]+$/); // URL-path safe
		expect(signer.verify(token)).toEqual(payload);
	});

	it('names streams, never upstream URLs or hosts', () => {
		for (const payload of PAYLOADS) {
			const token = signer.sign(payload);
			expect(token).not.toMatch(/https?|:|\/|bilivideo|127\.0\.0\.1/);
		}
	});

	it('rejects every single-character alteration', () => {
		const token = signer.sign(PAYLOADS[3] as TokenPayload);
		for (let i = 0; i < token.length; i++) {
			const c = token[i] === 'A' ? 'B' : 'A';
			expect(signer.verify(`${token.slice(0, i)}${c}${token.slice(i + 1)}`)).toBeNull();
		}
	});

	it('rejects tokens of another secret, truncated or padded tokens, and junk', () => {
		const token = signer.sign(PAYLOADS[0] as TokenPayload);
		expect(new TokenSigner('another-secret').verify(token)).toBeNull();
		expect(signer.verify(token.slice(0, -1))).toBeNull();
		expect(signer.verify(`${token}A`)).toBeNull();
		expect(signer.verify(`${token}=`)).toBeNull();
		for (const junk of ['', '.', 'abc', 'b1-m-u-BV1y7411Q7Eq-1-avc.', 'x'.repeat(500)]) {
			expect(signer.verify(junk)).toBeNull();
		}
	});

	it('refuses an empty secret', () => {
		expect(() => new TokenSigner('')).toThrow();
	});
});
