import { describe, expect, it } from 'vitest';
import {
	countAppended,
	isAtBottom,
	isNearTop,
	keepPlace,
	onAppended,
	onScrolled,
} from './unread.js';

describe('chat scroll rules', () => {
	it('counts as at the bottom within the slack', () => {
		expect(isAtBottom({ scrollTop: 500, scrollHeight: 1000, clientHeight: 500 })).toBe(true);
		expect(isAtBottom({ scrollTop: 460, scrollHeight: 1000, clientHeight: 500 })).toBe(true);
		expect(isAtBottom({ scrollTop: 400, scrollHeight: 1000, clientHeight: 500 })).toBe(false);
		// A list shorter than its box is always at the bottom.
		expect(isAtBottom({ scrollTop: 0, scrollHeight: 300, clientHeight: 500 })).toBe(true);
	});

	it('knows the top only when the list scrolls', () => {
		expect(isNearTop({ scrollTop: 10, scrollHeight: 1000, clientHeight: 500 })).toBe(true);
		expect(isNearTop({ scrollTop: 200, scrollHeight: 1000, clientHeight: 500 })).toBe(false);
		expect(isNearTop({ scrollTop: 0, scrollHeight: 300, clientHeight: 500 })).toBe(false);
	});

	it('counts only what was appended after the previous last message', () => {
		expect(countAppended(['a', 'b'], ['a', 'b', 'c', 'd'])).toBe(2);
		expect(countAppended(['a', 'b'], ['z', 'a', 'b'])).toBe(0); // older ones put above
		expect(countAppended(['a', 'b'], ['y', 'z', 'a', 'b', 'c'])).toBe(1);
		expect(countAppended([], ['a', 'b'])).toBe(0); // the first history
		expect(countAppended(['a', 'b'], ['x', 'y'])).toBe(0); // replaced wholesale
		expect(countAppended(['a'], ['a'])).toBe(0);
	});

	it('follows new messages at the bottom and counts them when scrolled up', () => {
		expect(onAppended(0, 2, true)).toEqual({ unread: 0, follow: true });
		expect(onAppended(0, 2, false)).toEqual({ unread: 2, follow: false });
		expect(onAppended(2, 1, false)).toEqual({ unread: 3, follow: false });
		expect(onAppended(3, 0, false)).toEqual({ unread: 3, follow: false });
	});

	it('follows the reader’s own message even when scrolled up', () => {
		expect(onAppended(4, 1, false, true)).toEqual({ unread: 0, follow: true });
	});

	it('clears the unread count only at the bottom', () => {
		expect(onScrolled(3, false)).toBe(3);
		expect(onScrolled(3, true)).toBe(0);
	});

	it('keeps the same message in view when older ones are put above', () => {
		const before = { scrollTop: 20, scrollHeight: 1000, clientHeight: 500 };
		expect(keepPlace(before, 1600)).toBe(620);
		expect(keepPlace(before, 1000)).toBe(20);
	});
});
