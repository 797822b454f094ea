import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './sliding-window.js';

describe('SlidingWindowLimiter', () => {
	it('allows up to the limit inside the window, then reports the wait', () => {
		const l = new SlidingWindowLimiter({ limit: 3, windowMs: 10_000 });
		expect(l.take('a', 0).allowed).toBe(true);
		expect(l.take('a', 1_000).allowed).toBe(true);
		expect(l.take('a', 2_000).allowed).toBe(true);
		expect(l.take('a', 3_000)).toEqual({ allowed: false, retryAfterS: 7 });
		// The first event leaves the window at 10 000 ms.
		expect(l.check('a', 9_999).allowed).toBe(false);
		expect(l.take('a', 10_001).allowed).toBe(true);
	});

	it('keeps keys apart and forgets a key on reset', () => {
		const l = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000 });
		expect(l.take('a', 0).allowed).toBe(true);
		expect(l.take('b', 0).allowed).toBe(true);
		expect(l.take('a', 1).allowed).toBe(false);
		l.reset('a');
		expect(l.take('a', 2).allowed).toBe(true);
	});

	it('check does not record', () => {
		const l = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000 });
		expect(l.check('a', 0).allowed).toBe(true);
		expect(l.check('a', 0).allowed).toBe(true);
		l.record('a', 0);
		expect(l.check('a', 500)).toEqual({ allowed: false, retryAfterS: 1 });
	});

	it('bounds memory by evicting the least recently touched keys', () => {
		const l = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000 }, 100);
		for (let i = 0; i < 1_000; i++) l.record(`k${i}`, i);
		expect(l.size).toBe(100);
		expect(l.check('k999', 1_000).allowed).toBe(false);
		expect(l.check('k0', 1_000).allowed).toBe(true);
	});

	it('drops expired keys when touched', () => {
		const l = new SlidingWindowLimiter({ limit: 1, windowMs: 100 });
		l.record('a', 0);
		expect(l.check('a', 200).allowed).toBe(true);
		expect(l.size).toBe(0);
	});
});
