import type { QueueItem } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { isProgressive, PRELOAD_LEAD_MS, preloadUrl } from './preload.js';

function item(media: Partial<QueueItem['media']> = {}): QueueItem {
	return {
		id: 'q1',
		media: {
			id: 'https://media.example/next.mp4',
			kind: 'direct',
			url: 'https://media.example/next.mp4',
			format: 'mp4',
			...media,
		},
		addedBy: 'Ann',
		addedById: 'guest:ann',
		addedAt: 0,
	};
}

describe('preloading the next item', () => {
	it('prepares progressive media while the current item plays', () => {
		expect(preloadUrl({ next: item(), playing: true, remainingMs: null })).toBe(
			'https://media.example/next.mp4',
		);
	});

	it('prepares it when the current item is close to its end, even paused', () => {
		const next = item({ format: 'webm', url: 'https://media.example/n.webm' });
		expect(preloadUrl({ next, playing: false, remainingMs: PRELOAD_LEAD_MS - 1 })).toBe(
			'https://media.example/n.webm',
		);
		expect(preloadUrl({ next, playing: false, remainingMs: PRELOAD_LEAD_MS + 1 })).toBeNull();
		expect(preloadUrl({ next, playing: false, remainingMs: null })).toBeNull();
	});

	it('prepares nothing without a next item, or for streams and Bilibili', () => {
		expect(preloadUrl({ next: null, playing: true, remainingMs: 0 })).toBeNull();
		expect(preloadUrl({ next: item({ format: 'hls' }), playing: true, remainingMs: 0 })).toBe(null);
		expect(
			preloadUrl({
				next: item({ kind: 'bilibili', format: undefined }),
				playing: true,
				remainingMs: 0,
			}),
		).toBeNull();
		expect(isProgressive(item({ format: 'dash' }).media)).toBe(false);
	});
});
