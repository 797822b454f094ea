import type { CodecFamily, QueueItem } from '@videotogether/shared';
import { choosePlayer } from '../player/select.js';

/** Prepare the next item this long before the current one ends (also whenever it plays). */
export const PRELOAD_LEAD_MS = 20_000;

export interface PreloadInput {
	/** The head of the queue (what plays next). */
	next: QueueItem | null;
	/** The current item is playing. */
	playing: boolean;
	/** What is left of the current item, ms (null: unknown or nothing loaded). */
	remainingMs: number | null;
}

/**
 * What to buffer ahead: a progressive file (direct MP4/WebM, or Bilibili's proxied MP4) is opened
 * in a hidden `<video preload>`; a DASH manifest (Bilibili native through our proxy) is warmed
 * range by range (see `warmDash`). Streams the browser cannot fetch ahead (HLS, the embed) and
 * Bilibili items the server has not resolved yet get nothing.
 */
export type PreloadTarget = { kind: 'progressive'; url: string } | { kind: 'dash'; url: string };

/**
 * The next item's target — the same source its player will open in this browser — when the
 * current item is playing or close to its end. Null: nothing to prepare.
 */
export function preloadTarget(
	{ next, playing, remainingMs }: PreloadInput,
	families: readonly CodecFamily[],
): PreloadTarget | null {
	if (next === null) return null;
	if (!playing && (remainingMs === null || remainingMs >= PRELOAD_LEAD_MS)) return null;
	const source = choosePlayer(next.media, { families })?.source;
	if (!source) return null;
	if (source.format === 'dash') return { kind: 'dash', url: source.url };
	if (source.format === 'mp4' || source.format === 'webm') {
		return { kind: 'progressive', url: source.url };
	}
	return null;
}
