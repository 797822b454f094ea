import type { Media } from '@videotogether/shared';
import { HtmlVideoAdapter, type HtmlVideoDeps } from './html-video.js';
import { mediaForVideo, type PlayerChoice } from './select.js';

/**
 * Our `<video>` for whatever `choose()` picked: direct media as it is, a Bilibili item as its
 * chosen stream (DASH manifest with this browser's codecs, or the progressive MP4). The sync
 * controller drives it like any `HtmlVideoAdapter`; only what `load` opens differs.
 */
export class SourcedVideoAdapter extends HtmlVideoAdapter {
	readonly #choose: () => PlayerChoice | null;

	constructor(video: HTMLVideoElement, choose: () => PlayerChoice | null, deps?: HtmlVideoDeps) {
		super(video, deps);
		this.#choose = choose;
	}

	override load(media: Media, options: { startMs: number }): Promise<void> {
		return super.load(mediaForVideo(media, this.#choose()), options);
	}
}
