import { describe, expect, it } from 'vitest';
import type { PlaybackState } from '../schemas/playback.js';
import { judgeHeartbeat, sameMediaUrl } from './heartbeat.js';

const embed = 'https://player.bilibili.com/player.html?bvid=BV1y7411Q7Eq&p=1&t=0&autoplay=0';
const T = 1_000_000;
const playing: PlaybackState = {
	media: {
		id: 'm',
		kind: 'bilibili',
		url: 'https://www.bilibili.com/video/BV1y7411Q7Eq',
		embedUrl: embed,
	},
	paused: false,
	positionMs: 10_000,
	anchorMs: T,
	rate: 1,
	seq: 3,
	actor: 'a',
};

describe('sameMediaUrl', () => {
	it.each([
		[embed, 'https://player.bilibili.com/player.html?bvid=BV1y7411Q7Eq&p=1&t=93&autoplay=1', true],
		[embed, 'https://player.bilibili.com/player.html?p=1&bvid=BV1y7411Q7Eq', true],
		[embed, 'https://player.bilibili.com/player.html?bvid=BV1y7411Q7Eq&p=2', false],
		[embed, 'https://player.bilibili.com/player.html?bvid=BV17x411w7KC&p=1', false],
	])('%s vs %s → %s', (a, b, expected) => {
		expect(sameMediaUrl(a, b)).toBe(expected);
	});
});

describe('judgeHeartbeat', () => {
	const beat = (over: object) => ({
		url: embed,
		status: 'playing' as const,
		position_ms: 15_000,
		...over,
	});
	it.each([
		['in sync', {}, T + 5_000, false, 0],
		['1.9 s behind is tolerated', { position_ms: 13_100 }, T + 5_000, false, -1_900],
		['2.5 s behind is corrected', { position_ms: 12_500 }, T + 5_000, true, -2_500],
		['3 s ahead is corrected', { position_ms: 18_000 }, T + 5_000, true, 3_000],
		['paused while the room plays', { status: 'paused' }, T + 5_000, true, 0],
	])('%s', (_d, over, now, correct, drift) => {
		expect(judgeHeartbeat(playing, beat(over), now)).toEqual({ correct, driftMs: drift });
	});

	it('corrects a client on another video or with none', () => {
		expect(
			judgeHeartbeat(
				playing,
				beat({ url: 'https://player.bilibili.com/player.html?bvid=BV17x411w7KC' }),
				T,
			),
		).toEqual({ correct: true, driftMs: null });
		expect(judgeHeartbeat(playing, beat({ url: null }), T).correct).toBe(true);
	});

	it('corrects a client showing a video when the room has none', () => {
		const idle: PlaybackState = { ...playing, media: null };
		expect(judgeHeartbeat(idle, beat({}), T).correct).toBe(true);
		expect(judgeHeartbeat(idle, beat({ url: null }), T).correct).toBe(false);
	});
});
