import { createSubscriber } from 'svelte/reactivity';

/**
 * A reactive clock: reading `now` inside an effect or template re-runs it every `intervalMs`
 * while something is reading it, and stops the timer when nothing is.
 */
export class Ticker {
	#subscribe: () => void;
	#now: () => number;

	constructor(intervalMs = 250, now: () => number = Date.now) {
		this.#now = now;
		this.#subscribe = createSubscriber((update) => {
			const id = setInterval(update, intervalMs);
			return () => clearInterval(id);
		});
	}

	get now(): number {
		this.#subscribe();
		return this.#now();
	}
}

/** Four updates a second: enough for a seconds display. */
export const ticker = new Ticker(250);

/** Every half minute: enough for "5 minutes ago". */
export const minuteTicker = new Ticker(30_000);
