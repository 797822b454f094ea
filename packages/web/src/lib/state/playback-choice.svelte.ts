import type { CodecFamily, Media, PlaybackMode } from '@videotogether/shared';
import { browserCodecFamilies, choosePlayer, type PlayerChoice } from '../player/select.js';
import { room } from './room.svelte.js';

export interface PlaybackChoiceDeps {
	/** The room's current media. */
	media?: () => Media | null;
	families?: () => readonly CodecFamily[];
}

/**
 * The player this browser uses for the room's media (see `choosePlayer`), remembering the modes
 * that failed here for the current item so the player steps down instead of failing again. The
 * player, the mode badge and the danmaku settings all read `current`.
 */
export class PlaybackChoice {
	#failed = $state.raw<{ mediaId: string; modes: PlaybackMode[] } | null>(null);
	#media: () => Media | null;
	#families: () => readonly CodecFamily[];

	constructor(deps: PlaybackChoiceDeps = {}) {
		this.#media = deps.media ?? (() => room.media);
		this.#families = deps.families ?? browserCodecFamilies;
	}

	readonly current: PlayerChoice | null = $derived.by(() => {
		const media = this.#media();
		const failed = this.#failed;
		return choosePlayer(media, {
			families: this.#families(),
			failed: failed !== null && failed.mediaId === media?.id ? failed.modes : [],
		});
	});

	/**
	 * Our player could not play `mode` for `mediaId`: step down (mp4, then the embed). False when
	 * there is nothing lower to try (the player shows its error).
	 */
	stepDown(mediaId: string, mode: PlaybackMode): boolean {
		if (mode === 'embed') return false;
		const before = this.#failed?.mediaId === mediaId ? this.#failed.modes : [];
		if (before.includes(mode)) return false;
		const modes = [...before, mode];
		const next = choosePlayer(this.#media(), { families: this.#families(), failed: modes });
		if (next === null || next.mediaId !== mediaId) return false;
		this.#failed = { mediaId, modes };
		return true;
	}
}

export const playbackChoice = new PlaybackChoice();
