import { describe, expect, it } from 'vitest';
import { formatAgo, formatDateTime } from './relative-time.js';

const NOW = Date.UTC(2026, 2, 14, 12, 0, 0);

describe('formatAgo', () => {
	it('says nothing under a minute', () => {
		expect(formatAgo(NOW - 59_000, NOW, 'en')).toBeNull();
		expect(formatAgo(NOW + 5_000, NOW, 'en')).toBeNull();
	});

	it('counts minutes, hours, days, weeks, months and years in the UI language', () => {
		expect(formatAgo(NOW - 5 * 60_000, NOW, 'en')).toBe('5 minutes ago');
		expect(formatAgo(NOW - 5 * 60_000, NOW, 'zh-CN')).toBe('5分钟前');
		expect(formatAgo(NOW - 3 * 3_600_000, NOW, 'en')).toBe('3 hours ago');
		expect(formatAgo(NOW - 30 * 3_600_000, NOW, 'en')).toBe('yesterday');
		expect(formatAgo(NOW - 30 * 3_600_000, NOW, 'zh-CN')).toBe('昨天');
		expect(formatAgo(NOW - 20 * 86_400_000, NOW, 'en')).toBe('2 weeks ago');
		expect(formatAgo(NOW - 100 * 86_400_000, NOW, 'en')).toBe('3 months ago');
		expect(formatAgo(0, NOW, 'zh-CN')).toBe('56年前');
	});
});

describe('formatDateTime', () => {
	it('writes the date the way each language does', () => {
		expect(formatDateTime(NOW, 'en')).toMatch(/Mar 14, 2026/);
		expect(formatDateTime(NOW, 'zh-CN')).toMatch(/2026年3月14日/);
	});
});
