import { describe, expect, it } from 'vitest';
import { formatTime } from './time.js';

describe('formatTime', () => {
	it.each([
		[0, '00:00'],
		[999, '00:00'],
		[1000, '00:01'],
		[65_432, '01:05'],
		[599_999, '09:59'],
		[3_599_000, '59:59'],
		[3_600_000, '1:00:00'],
		[3_725_000, '1:02:05'],
		[36_000_000, '10:00:00'],
	])('%i ms → %s', (ms, text) => {
		expect(formatTime(ms)).toBe(text);
	});

	it('shows nonsense as zero', () => {
		expect(formatTime(-5000)).toBe('00:00');
		expect(formatTime(Number.NaN)).toBe('00:00');
		expect(formatTime(Number.POSITIVE_INFINITY)).toBe('00:00');
	});
});
