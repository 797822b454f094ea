import { GENTLE_KEY, readRemembered, remember } from './remembered.js';

/** Per-browser playback preferences, remembered in localStorage. */
export class Preferences {
	#gentle = $state(readRemembered(GENTLE_KEY) !== '0');

	/** Gentle correction: nudge the playback rate for small drifts (off: only hard seeks). */
	get gentle(): boolean {
		return this.#gentle;
	}

	set gentle(value: boolean) {
		this.#gentle = value;
		remember(GENTLE_KEY, value ? '1' : '0');
	}
}

export const preferences = new Preferences();
