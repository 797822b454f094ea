import { describe, expect, it } from 'vitest';
import { avatarHue, initial } from './avatar.js';

describe('avatars', () => {
	it('take the first character, whole', () => {
		expect(initial(' alice')).toBe('A');
		expect(initial('小红')).toBe('小');
		expect(initial('😀 party')).toBe('😀');
		expect(initial('  ')).toBe('?');
	});

	it('give one person the same tint every time, and spread people over several', () => {
		expect(avatarHue('guest:abc')).toBe(avatarHue('guest:abc'));
		const hues = new Set(
			['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => avatarHue(`guest:${id}`)),
		);
		expect(hues.size).toBeGreaterThan(3);
	});
});
