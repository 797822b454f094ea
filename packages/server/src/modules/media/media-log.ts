/** How logs describe a media item: which one, the link a person would open, and how it plays. */
import type { Media } from '@videotogether/shared';

/**
 * Log fields of a media item. A direct link is logged without its query and fragment (they may
 * carry a signature); a Bilibili link is its canonical URL. `mode` is how the room plays it now:
 * `direct`, a Bilibili item's resolved mode, or `resolving` (it shows the embed meanwhile; the
 * `media resolved` line follows with the mode and reason).
 */
export function mediaLogFields(media: Media): Record<string, unknown> {
	let link = media.url;
	if (media.kind === 'direct' && URL.canParse(media.url)) {
		const url = new URL(media.url);
		link = `${url.origin}${url.pathname}`;
	}
	const mode = media.kind === 'direct' ? 'direct' : (media.playback?.mode ?? 'resolving');
	return {
		mediaId: media.kind === 'direct' ? link : media.id,
		kind: media.kind,
		link,
		mode,
		...(media.playback?.reason ? { reason: media.playback.reason } : {}),
	};
}
