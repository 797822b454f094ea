import type { Media, QueueItem } from '@videotogether/shared';

/** Prepare the next item this long before the current one ends (also whenever it plays). */
export const PRELOAD_LEAD_MS = 20_000;

/** Direct media the browser downloads as one file (its first bytes can be fetched ahead). */
export function isProgressive(media: Media): boolean {
	return media.kind === 'direct' && (media.format === 'mp4' || media.format === 'webm');
}

export interface PreloadInput {
	/** The head of the queue (what plays next). */
	next: QueueItem | null;
	/** The current item is playing. */
	playing: boolean;
	/** What is left of the current item, ms (null: unknown or nothing loaded). */
	remainingMs: number | null;
}

/**
 * Which URL to buffer ahead: the next item's, when it is progressive and the current item is
 * playing or close to its end. Null: nothing to prepare.
 */
export function preloadUrl({ next, playing, remainingMs }: PreloadInput): string | null {
	if (next === null || !isProgressive(next.media)) return null;
	if (playing) return next.media.url;
	if (remainingMs !== null && remainingMs < PRELOAD_LEAD_MS) return next.media.url;
	return null;
}
