import type { PlaybackState } from '@videotogether/shared';

/**
 * The room's recent playback states in `seq` order. A state holds from server time `anchorMs` on;
 * until then the one before it still applies (a scheduled play stays paused, a scheduled pause
 * keeps playing). Pure: time arrives as an argument.
 */
export class Timeline {
	#states: PlaybackState[] = [];

	/** Adds a state (an older `seq` than the newest is ignored; an equal one replaces it). */
	push(state: PlaybackState): boolean {
		const newest = this.newest;
		if (newest !== null && state.seq < newest.seq) return false;
		if (newest !== null && state.seq === newest.seq) this.#states.pop();
		// A different media starts a new timeline: nothing before it applies any more.
		if (newest !== null && (newest.media?.id ?? null) !== (state.media?.id ?? null)) {
			this.#states.length = 0;
		}
		this.#states.push(state);
		return true;
	}

	get newest(): PlaybackState | null {
		return this.#states.at(-1) ?? null;
	}

	/**
	 * The state in force at `serverNowMs`: the newest whose anchor has passed, or the oldest we know
	 * when none has (a joiner arriving during a scheduled transition). Older ones are dropped.
	 */
	effective(serverNowMs: number): PlaybackState | null {
		let index = -1;
		for (let i = this.#states.length - 1; i >= 0; i -= 1) {
			if ((this.#states[i] as PlaybackState).anchorMs <= serverNowMs) {
				index = i;
				break;
			}
		}
		if (index > 0) this.#states.splice(0, index);
		return this.#states[0] ?? null;
	}

	/** The next state waiting for its anchor after `serverNowMs`, if any. */
	pending(serverNowMs: number): PlaybackState | null {
		const current = this.effective(serverNowMs);
		for (const state of this.#states) {
			if (state !== current && state.anchorMs > serverNowMs) return state;
		}
		return null;
	}

	clear(): void {
		this.#states.length = 0;
	}
}
