import {
	CLOCK_SAMPLES_KEPT,
	ClockEstimator,
	clockSample,
	type ClockPong,
} from '@videotogether/shared';

/** Greedy phase: this many pings, this far apart, at start, on reconnect and on return to the tab. */
export const GREEDY_PINGS = 3;
export const GREEDY_INTERVAL_MS = 1000;
/** Then one ping every 15–30 s (randomised so a room's clients do not ping in step). */
export const SLOW_MIN_MS = 15_000;
export const SLOW_MAX_MS = 30_000;
/**
 * On a jittery link (round trips differing by more than `JITTER_MS`) the lowest-RTT filter needs
 * its full set of samples: keep pinging every `FILL_INTERVAL_MS` until it has them.
 */
export const JITTER_MS = 10;
export const FILL_INTERVAL_MS = 2000;

export interface Timers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(id: unknown): void;
}

export const globalTimers: Timers = {
	setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
	clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** A monotonic clock on the epoch scale: `performance.timeOrigin + performance.now()`. */
export function monotonicNow(): number {
	return performance.timeOrigin + performance.now();
}

export interface ClockSyncDeps {
	/** Sends `clock:ping {t0}` and resolves with the pong (null when it failed or timed out). */
	ping: (t0: number) => Promise<ClockPong | null>;
	now?: () => number;
	timers?: Timers;
	random?: () => number;
}

/**
 * The server clock as seen from here (NTP-style pings over the socket, lowest-RTT of the last 8
 * samples). Before the first sample a coarse one-way hint (a message's `serverTimeMs`) stands in.
 */
export class ClockSync {
	#estimator = new ClockEstimator();
	#offsetMs = $state(0);
	#rttMs = $state<number | null>(null);
	#synced = $state(false);
	#hintMs: number | null = null;
	#running = false;
	#greedyLeft = 0;
	#timer: unknown = null;
	/** Round trips of the recent samples (the estimator keeps only its best). */
	#rtts: number[] = [];
	/** Bumped on reconnect/stop: answers to pings sent before it are dropped. */
	#epoch = 0;
	readonly #ping: ClockSyncDeps['ping'];
	readonly #timers: Timers;
	readonly #random: () => number;
	readonly now: () => number;

	constructor(deps: ClockSyncDeps) {
		this.#ping = deps.ping;
		this.now = deps.now ?? monotonicNow;
		this.#timers = deps.timers ?? globalTimers;
		this.#random = deps.random ?? Math.random;
	}

	/** Server clock − local clock, ms. */
	get offsetMs(): number {
		return this.#offsetMs;
	}
	get rttMs(): number | null {
		return this.#rttMs;
	}
	/** At least one ping answered. */
	get synced(): boolean {
		return this.#synced;
	}

	serverNow(localMs: number = this.now()): number {
		return localMs + this.#offsetMs;
	}

	/** Local time (this clock's scale) at which the server clock reads `serverMs`. */
	toLocal(serverMs: number): number {
		return serverMs - this.#offsetMs;
	}

	/**
	 * A one-way hint: the server sent `serverTimeMs` and it arrived at `receivedAtMs`. It under-
	 * estimates the offset by the travel time, so it only counts until a real sample arrives.
	 */
	hint(serverTimeMs: number, receivedAtMs: number = this.now()): void {
		if (this.#estimator.count > 0) return;
		const offset = serverTimeMs - receivedAtMs;
		this.#hintMs = this.#hintMs === null ? offset : Math.max(this.#hintMs, offset);
		this.#offsetMs = this.#hintMs;
	}

	/** Start pinging (greedy first). */
	start(): void {
		this.#running = true;
		this.#beginGreedy();
	}

	/**
	 * After a reconnect the path (or the server) may have changed: forget the samples and start
	 * pinging quickly again (also after `stop()`, e.g. logout and login).
	 */
	reconnected(): void {
		this.#estimator.reset();
		this.#rtts = [];
		this.#epoch += 1;
		// The last offset stays in use until a new sample (or hint) replaces it.
		this.#hintMs = null;
		this.start();
	}

	/** Back on the tab: timers may have been throttled for minutes; re-measure quickly. */
	wake(): void {
		if (this.#running) this.#beginGreedy();
	}

	stop(): void {
		this.#running = false;
		this.#clearTimer();
		this.#epoch += 1;
	}

	#beginGreedy(): void {
		this.#clearTimer();
		this.#greedyLeft = GREEDY_PINGS;
		this.#tick();
	}

	#tick(): void {
		if (!this.#running) return;
		if (this.#greedyLeft > 0) this.#greedyLeft -= 1;
		void this.#pingOnce();
		let delay = SLOW_MIN_MS + Math.round(this.#random() * (SLOW_MAX_MS - SLOW_MIN_MS));
		if (this.#greedyLeft > 0) delay = GREEDY_INTERVAL_MS;
		else if (this.#jittery() && this.#estimator.count < CLOCK_SAMPLES_KEPT - 1) {
			delay = FILL_INTERVAL_MS;
		}
		this.#timer = this.#timers.setTimeout(() => {
			this.#timer = null;
			this.#tick();
		}, delay);
	}

	async #pingOnce(): Promise<void> {
		const epoch = this.#epoch;
		const t0 = this.now();
		try {
			const pong = await this.#ping(t0);
			const t3 = this.now();
			if (pong === null || epoch !== this.#epoch || pong.t0 !== t0) return;
			this.addSample(t0, pong.t1, pong.t2, t3);
		} catch {
			// A lost ping changes nothing; the next one will do.
		}
	}

	/** Do the recent round trips differ enough that more samples would pay off? */
	#jittery(): boolean {
		if (this.#rtts.length < 2) return false;
		return Math.max(...this.#rtts) - Math.min(...this.#rtts) > JITTER_MS;
	}

	/** Feed one four-timestamp sample (exposed for tests). */
	addSample(t0: number, t1: number, t2: number, t3: number): void {
		const sample = clockSample(t0, t1, t2, t3);
		this.#estimator.add(sample);
		this.#rtts.push(sample.rttMs);
		if (this.#rtts.length > CLOCK_SAMPLES_KEPT) this.#rtts.shift();
		const best = this.#estimator.best();
		if (best === null) return;
		this.#offsetMs = best.offsetMs;
		this.#rttMs = best.rttMs;
		this.#synced = true;
		this.#hintMs = null;
	}

	#clearTimer(): void {
		if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
		this.#timer = null;
	}
}
