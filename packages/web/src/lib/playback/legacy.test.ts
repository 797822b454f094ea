import { describe, expect, it } from 'vitest';
import { legacyState } from '../../test/fixtures.js';
import { fromLegacyState } from './legacy.js';

describe('fromLegacyState', () => {
	it('anchors the position at reported_at and derives the phase', () => {
		const room = fromLegacyState(legacyState({ status: 'playing', position_ms: 10_000 }));
		expect(room.phase).toBe('playing');
		expect(room.playback).toMatchObject({
			paused: false,
			positionMs: 10_000,
			anchorMs: 1_000_000,
			seq: 1,
			actor: 'alice',
		});
		expect(room.playback.media?.id).toBe('bilibili:BV1xx411c7mD:p1');
	});

	it('is idle without media and builds an embed media from a bare url', () => {
		expect(fromLegacyState(legacyState({ url: null, media: null })).phase).toBe('idle');
		const bare = fromLegacyState(legacyState({ media: null, status: 'paused' }));
		expect(bare.phase).toBe('paused');
		expect(bare.playback.media?.embedUrl).toBe(
			'https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&p=1',
		);
	});
});
