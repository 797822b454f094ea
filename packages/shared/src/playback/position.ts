import type { PlaybackState } from '../schemas/playback.js';

/**
 * Where the room's media should be at server time `serverNowMs`.
 *
 * Paused: the stored position. Playing: the anchor position advanced by the elapsed time × rate.
 * Before a scheduled start (anchor in the future) the position holds. Clamped to the media's known
 * duration and to ≥ 0. The single definition used by server and web.
 */
export function expectedPositionMs(
	state: Pick<PlaybackState, 'paused' | 'positionMs' | 'anchorMs' | 'rate' | 'media'>,
	serverNowMs: number,
): number {
	let position = state.positionMs;
	if (!state.paused) {
		const elapsed = Math.max(0, serverNowMs - state.anchorMs);
		position += elapsed * state.rate;
	}
	const duration = state.media?.durationMs;
	if (duration !== undefined && position > duration) position = duration;
	return Math.max(0, position);
}
