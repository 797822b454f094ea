import type { Media } from '@videotogether/shared';

/**
 * Does the room's media come with Bilibili's own danmaku? Not yet: the server will send them (as
 * `{timeMs, mode, size, color, text}` keyed to media time) once it plays Bilibili videos natively;
 * until then the toggle stays disabled and says why.
 */
export function offersBiliDanmaku(media: Media | null): boolean {
	if (media === null || media.kind !== 'bilibili') return false;
	return 'danmaku' in media;
}
