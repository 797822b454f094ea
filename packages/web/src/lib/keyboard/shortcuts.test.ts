import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts.js';

const body = { tagName: 'BODY' };

describe('shortcutFor', () => {
	it.each([
		[' ', 'toggle-play'],
		['k', 'toggle-play'],
		['K', 'toggle-play'],
		['ArrowLeft', 'seek-back'],
		['ArrowRight', 'seek-forward'],
		['ArrowUp', 'volume-up'],
		['ArrowDown', 'volume-down'],
		['f', 'fullscreen'],
		['m', 'mute'],
		['d', 'danmaku'],
	])('maps %s', (key, action) => {
		expect(shortcutFor({ key, target: body })).toBe(action);
	});

	it('ignores other keys and modified ones', () => {
		expect(shortcutFor({ key: 'x', target: body })).toBeNull();
		expect(shortcutFor({ key: 'f', ctrlKey: true, target: body })).toBeNull();
		expect(shortcutFor({ key: 'k', metaKey: true, target: body })).toBeNull();
		expect(shortcutFor({ key: 'd', altKey: true, target: body })).toBeNull();
	});

	it('never fires while typing or composing', () => {
		for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT', 'input']) {
			expect(shortcutFor({ key: 'k', target: { tagName } })).toBeNull();
			expect(shortcutFor({ key: 'ArrowLeft', target: { tagName } })).toBeNull();
		}
		expect(shortcutFor({ key: 'm', target: { tagName: 'DIV', isContentEditable: true } })).toBe(
			null,
		);
		expect(shortcutFor({ key: 'k', isComposing: true, target: body })).toBeNull();
	});

	it('leaves space to a focused button, but not its other keys', () => {
		expect(shortcutFor({ key: ' ', target: { tagName: 'BUTTON' } })).toBeNull();
		expect(shortcutFor({ key: 'k', target: { tagName: 'BUTTON' } })).toBe('toggle-play');
		expect(shortcutFor({ key: 'ArrowRight', target: { tagName: 'A' } })).toBe('seek-forward');
		expect(shortcutFor({ key: ' ', target: null })).toBe('toggle-play');
	});
});
