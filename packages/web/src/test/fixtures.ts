import type { LegacyState } from '@videotogether/shared';

/** A `state` message with sensible defaults (a playing Bilibili video in the default room). */
export function legacyState(overrides: Partial<LegacyState> = {}): LegacyState {
	return {
		url: 'https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&p=1',
		status: 'playing',
		position_ms: 10_000,
		actor: 'alice',
		reported_at: 1_000_000,
		room: 'default',
		seq: 1,
		rate: 1,
		media: {
			id: 'bilibili:BV1xx411c7mD:p1',
			kind: 'bilibili',
			url: 'https://www.bilibili.com/video/BV1xx411c7mD',
			embedUrl: 'https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&p=1',
			title: 'Test video',
		},
		server_time: 1_000_000,
		...overrides,
	};
}
