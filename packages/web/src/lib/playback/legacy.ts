import type { LegacyState, Media, RoomPlayback } from '@videotogether/shared';

/**
 * The original `state` message as a `playback:state`, for servers that only speak the original
 * protocol. Its position holds at `reported_at` (server time), like an anchor.
 */
export function fromLegacyState(state: LegacyState): RoomPlayback {
	const media: Media | null =
		state.media ??
		(state.url === null
			? null
			: { id: state.url, kind: 'bilibili', url: state.url, embedUrl: state.url });
	const paused = state.status !== 'playing';
	return {
		room: state.room,
		playback: {
			media,
			paused,
			positionMs: Math.max(0, state.position_ms),
			anchorMs: state.reported_at,
			rate: state.rate,
			seq: state.seq,
			actor: state.actor,
		},
		phase: media === null ? 'idle' : paused ? 'paused' : 'playing',
		waiting: null,
		serverTimeMs: state.server_time,
	};
}
