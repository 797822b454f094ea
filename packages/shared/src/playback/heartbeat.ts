import type { PlaybackState } from '../schemas/playback.js';
import { HEARTBEAT_TOLERANCE_MS, type HeartbeatPayload } from '../realtime/legacy.js';
import { expectedPositionMs } from './position.js';
import { tryParseUrl } from '../links/url.js';

/** Query parameters of the embed player that say which media it shows (not how it starts). */
const EMBED_IDENTITY = ['bvid', 'aid', 'p', 'page', 'cid', 'episodeId', 'seasonId'];

function mediaKey(raw: string): string {
	const url = tryParseUrl(raw);
	if (!url) return raw;
	if (url.hostname !== 'player.bilibili.com') return url.href.split('#')[0] ?? url.href;
	const ids = EMBED_IDENTITY.map((key) => `${key}=${url.searchParams.get(key) ?? ''}`);
	return `${url.hostname}${url.pathname}?${ids.join('&')}`;
}

/** Do two player URLs show the same media (ignoring start time and player flags)? */
export function sameMediaUrl(a: string, b: string): boolean {
	return mediaKey(a) === mediaKey(b);
}

export interface HeartbeatVerdict {
	/** Should the client get a corrected `state`? */
	correct: boolean;
	/** Client position minus expected position (ms); null when not comparable. */
	driftMs: number | null;
}

/**
 * The original heartbeat rule: a client showing another video, in another play status, or more
 * than 2 s off the room's timeline gets a corrected state.
 */
export function judgeHeartbeat(
	state: PlaybackState,
	beat: HeartbeatPayload,
	serverNowMs: number,
	toleranceMs = HEARTBEAT_TOLERANCE_MS,
): HeartbeatVerdict {
	const roomUrl = state.media?.embedUrl ?? state.media?.url ?? null;
	const clientUrl = beat.url ?? null;
	if (roomUrl === null) return { correct: clientUrl !== null, driftMs: null };
	if (clientUrl === null || !sameMediaUrl(roomUrl, clientUrl))
		return { correct: true, driftMs: null };
	const driftMs = beat.position_ms - expectedPositionMs(state, serverNowMs);
	const statusMatches = (beat.status === 'paused') === state.paused;
	return { correct: !statusMatches || Math.abs(driftMs) > toleranceMs, driftMs };
}
