import type { QueueItem } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { PRELOAD_LEAD_MS, preloadTarget } from './preload.js';

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

const bilibili = (playback?: NonNullable<QueueItem['media']['playback']>) =>
	item({
		id: 'bilibili:BV1y7411Q7Eq:p1',
		kind: 'bilibili',
		url: 'https://www.bilibili.com/video/BV1y7411Q7Eq',
		format: undefined,
		embedUrl: 'https://player.bilibili.com/player.html?bvid=BV1y7411Q7Eq',
		...(playback ? { playback } : {}),
	});

const AVC = ['avc'] as const;

describe('preloading the next item', () => {
	it('prepares progressive media while the current item plays', () => {
		expect(preloadTarget({ next: item(), playing: true, remainingMs: null }, AVC)).toEqual({
			kind: 'progressive',
			url: 'https://media.example/next.mp4',
		});
	});

	it('prepares it when the current item is close to its end, even paused', () => {
		const next = item({ format: 'webm', url: 'https://media.example/n.webm' });
		const at = (remainingMs: number | null) =>
			preloadTarget({ next, playing: false, remainingMs }, AVC);
		expect(at(PRELOAD_LEAD_MS - 1)?.url).toBe('https://media.example/n.webm');
		expect(at(PRELOAD_LEAD_MS + 1)).toBeNull();
		expect(at(null)).toBeNull();
	});

	it('warms a resolved Bilibili item on the source its player will open', () => {
		const native = bilibili({ mode: 'native', reason: null, manifestUrl: '/api/bili/manifest/t' });
		expect(preloadTarget({ next: native, playing: true, remainingMs: null }, AVC)).toEqual({
			kind: 'dash',
			url: '/api/bili/manifest/t?codecs=avc',
		});
		// Without MediaSource this browser would step down to the proxied MP4.
		const both = bilibili({
			mode: 'native',
			reason: null,
			manifestUrl: '/api/bili/manifest/t',
			mp4Url: '/api/bili/media/m',
		});
		expect(preloadTarget({ next: both, playing: true, remainingMs: null }, [])).toEqual({
			kind: 'progressive',
			url: '/api/bili/media/m',
		});
	});

	it('prepares nothing without a next item, for streams, the embed, or unresolved Bilibili', () => {
		const playing = (next: QueueItem | null) =>
			preloadTarget({ next, playing: true, remainingMs: 0 }, AVC);
		expect(playing(null)).toBeNull();
		expect(playing(item({ format: 'hls' }))).toBeNull();
		expect(playing(bilibili())).toBeNull();
		expect(playing(bilibili({ mode: 'embed', reason: 'risk_controlled' }))).toBeNull();
	});
});
