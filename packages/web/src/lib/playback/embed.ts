import type { LegacyState } from '@videotogether/shared';

/** Reload the embed when our estimate and its implied position differ by more than this. */
export const EMBED_RELOAD_THRESHOLD_MS = 3000;

/** What we told the iframe the last time we (re)loaded it. */
export interface EmbedLoad {
	/** Identifies the media: a change means a new video. */
	key: string;
	src: string;
	startMs: number;
	/** Server time at which the iframe was loaded. */
	loadedAtServerMs: number;
	playing: boolean;
	rate: number;
	durationMs?: number | undefined;
}

/** The embeddable URL of a state, or null when nothing is loaded. */
export function embedBaseUrl(state: Pick<LegacyState, 'url' | 'media'>): string | null {
	return state.media?.embedUrl ?? state.url ?? null;
}

export function mediaKey(state: Pick<LegacyState, 'url' | 'media'>): string | null {
	return state.media?.id ?? state.url ?? null;
}

/**
 * The iframe src for a start position: Bilibili's `t=` (whole seconds) and `autoplay` set or
 * replaced in the query. The official embed autoplays unless told `autoplay=0`, and we cannot
 * pause it by message, so a paused room loads it with `autoplay=0`. Other URLs (direct media) get
 * a `#t=` media fragment instead.
 */
export function buildEmbedSrc(baseUrl: string, positionMs: number, playing: boolean): string {
	const seconds = Math.max(0, Math.floor(positionMs / 1000));
	let url: URL;
	try {
		url = new URL(baseUrl, 'https://player.bilibili.com/');
	} catch {
		return baseUrl;
	}
	if (url.hostname.endsWith('bilibili.com')) {
		url.searchParams.set('t', String(seconds));
		url.searchParams.set('autoplay', playing ? '1' : '0');
	} else {
		url.hash = `t=${seconds}`;
	}
	return url.toString();
}

/** Where the iframe should be now, if it did what we asked when we loaded it. */
export function impliedPositionMs(load: EmbedLoad, serverNowMs: number): number {
	let position = load.startMs;
	if (load.playing) position += Math.max(0, serverNowMs - load.loadedAtServerMs) * load.rate;
	if (load.durationMs !== undefined && position > load.durationMs) position = load.durationMs;
	return position;
}

export interface EmbedTarget {
	key: string;
	playing: boolean;
	positionMs: number;
	serverNowMs: number;
	/** The room jumped (someone sought), whatever the distance. */
	seeked: boolean;
}

/** A jump larger than this between consecutive states of the same media counts as a seek. */
export const SEEK_JUMP_MS = 1000;

type Timeline = Pick<LegacyState, 'status' | 'position_ms' | 'reported_at' | 'rate'>;

/** True when `next` does not continue `prev`'s timeline (someone sought). */
export function isSeek(prev: Timeline, next: Timeline): boolean {
	let projected = prev.position_ms;
	if (prev.status === 'playing') {
		projected += Math.max(0, next.reported_at - prev.reported_at) * prev.rate;
	}
	return Math.abs(next.position_ms - projected) > SEEK_JUMP_MS;
}

/**
 * Whether a new room state needs the iframe reloaded: a new video, a seek, a play/pause change
 * (the embed cannot be paused or resumed any other way), or an estimate more than 3 s from the
 * implied position. Anything else is left alone: reloading is visible and costs a few seconds.
 */
export function needsReload(load: EmbedLoad | null, target: EmbedTarget): boolean {
	if (load === null || load.key !== target.key) return true;
	if (target.seeked || load.playing !== target.playing) return true;
	const drift = Math.abs(target.positionMs - impliedPositionMs(load, target.serverNowMs));
	return drift > EMBED_RELOAD_THRESHOLD_MS;
}
