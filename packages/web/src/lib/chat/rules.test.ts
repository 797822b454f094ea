import { describe, expect, it } from 'vitest';
import { chatLength, checkChat, showCounter } from './rules.js';

describe('chat rules', () => {
	it('counts characters like the server (trimmed, code points)', () => {
		expect(chatLength('  你好  ')).toBe(2);
		expect(chatLength('👍🏽')).toBe(2);
		expect(chatLength('a\nb')).toBe(3);
	});

	it('refuses empty and too long texts before sending', () => {
		expect(checkChat('   ')).toEqual({ ok: false, error: 'empty' });
		expect(checkChat('x'.repeat(500))).toEqual({ ok: true, text: 'x'.repeat(500) });
		expect(checkChat('x'.repeat(501))).toEqual({ ok: false, error: 'too_long' });
		expect(checkChat(' 好 ', 1)).toEqual({ ok: true, text: '好' });
		expect(checkChat('好好', 1)).toEqual({ ok: false, error: 'too_long' });
	});

	it('shows the counter from 80 % of the limit', () => {
		expect(showCounter(399)).toBe(false);
		expect(showCounter(400)).toBe(true);
		expect(showCounter(600)).toBe(true);
		expect(showCounter(8, 10)).toBe(true);
	});
});
