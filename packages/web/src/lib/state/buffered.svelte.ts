import { toRanges, type MediaRange } from '../player/time-ranges.js';

const EVENTS = ['progress', 'loadedmetadata', 'durationchange', 'seeked', 'emptied'] as const;

/** What the local `<video>` has buffered, for the seek bar (one element at a time). */
export class BufferedRanges {
	#ranges = $state.raw<MediaRange[]>([]);

	get ranges(): MediaRange[] {
		return this.#ranges;
	}

	/** Follows `video` until the returned function is called. */
	watch(video: HTMLMediaElement): () => void {
		const update = () => {
			this.#ranges = toRanges(video.buffered);
		};
		for (const type of EVENTS) video.addEventListener(type, update);
		update();
		return () => {
			for (const type of EVENTS) video.removeEventListener(type, update);
			this.#ranges = [];
		};
	}
}

export const buffered = new BufferedRanges();
