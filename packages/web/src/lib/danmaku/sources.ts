import type { Media } from '@videotogether/shared';
import type { PlayerChoice } from '../player/select.js';

/**
 * The pool of a Bilibili video's own danmaku to fly over our player (`{cid, entries}` JSON), or
 * null: not a Bilibili item, not resolved, no pool, or shown in the official embed (which draws
 * its own).
 */
export function biliDanmakuUrl(media: Media | null, choice: PlayerChoice | null): string | null {
	if (media === null || media.kind !== 'bilibili') return null;
	if (choice === null || choice.mediaId !== media.id || choice.kind !== 'video') return null;
	return media.playback?.danmakuUrl ?? null;
}

/** Does the room's media come with Bilibili's own danmaku we can show? */
export function offersBiliDanmaku(media: Media | null, choice: PlayerChoice | null): boolean {
	return biliDanmakuUrl(media, choice) !== null;
}
