import { clockSample, type ClockPong, type ClockSample } from '@videotogether/shared';

/**
 * Greedy phase (at start, on reconnect, on return to the tab): a ping every `GREEDY_INTERVAL_MS`
 * until `WANTED_SAMPLES` recent samples are in (at most `GREEDY_MAX_PINGS` pings). With delays
 * jittering ±50 ms each way the estimate's error shrinks with the samples (p95 ≈ 15 ms with 8,
 * ≈ 8 ms with 16): 16 pings in 4 s are cheap.
 */
export const GREEDY_INTERVAL_MS = 250;
export const WANTED_SAMPLES = 16;
export const GREEDY_MAX_PINGS = 24;
/**
 * Then every 15–30 s (randomised so a room's clients do not ping in step) a burst of
 * `BURST_PINGS` pings `BURST_INTERVAL_MS` apart: spaced so their delays are not one queue's.
 */
export const SLOW_MIN_MS = 15_000;
export const SLOW_MAX_MS = 30_000;
export const BURST_PINGS = 3;
export const BURST_INTERVAL_MS = 200;
/** The estimate uses the last `SAMPLES_KEPT` samples younger than `SAMPLE_MAX_AGE_MS`. */
export const SAMPLES_KEPT = 24;
export const SAMPLE_MAX_AGE_MS = 120_000;

/** What the kept samples say about the server clock. Pure: the caller passes the samples. */
export interface ClockEstimate {
	/** Server clock − local clock, ms. */
	offsetMs: number;
	/** Round trip of the best (lowest-RTT) sample, ms. */
	rttMs: number;
	/**
	 * Half the width of the interval every sample agrees the offset lies in (at most rtt/2 of the
	 * best sample): the offset cannot be wrong by more, whatever the path's asymmetry.
	 */
	errorBoundMs: number;
	/**
	 * How much the estimate is likely to move with the next samples (the disagreement between the
	 * interval's midpoint and the best sample): the noise a player should not chase, ms.
	 */
	uncertaintyMs: number;
}

/**
 * Each sample bounds the offset: with one-way delays ≥ 0 it lies in offset ± rtt/2. The samples'
 * intervals intersect around the true offset; the midpoint of the intersection is the estimate (on
 * a path whose delays jitter independently each way it is much closer than the best single sample,
 * and never outside that sample's interval). Clocks that contradict each other (an empty
 * intersection: a clock stepped, a rate error over the window) fall back to the best sample.
 */
export function estimateClock(samples: readonly ClockSample[]): ClockEstimate | null {
	let best: ClockSample | null = null;
	let lower = Number.NEGATIVE_INFINITY;
	let upper = Number.POSITIVE_INFINITY;
	for (const sample of samples) {
		if (best === null || sample.rttMs < best.rttMs) best = sample;
		lower = Math.max(lower, sample.offsetMs - sample.rttMs / 2);
		upper = Math.min(upper, sample.offsetMs + sample.rttMs / 2);
	}
	if (best === null) return null;
	if (lower > upper) {
		const half = best.rttMs / 2;
		return { offsetMs: best.offsetMs, rttMs: best.rttMs, errorBoundMs: half, uncertaintyMs: half };
	}
	const offsetMs = (lower + upper) / 2;
	return {
		offsetMs,
		rttMs: best.rttMs,
		errorBoundMs: (upper - lower) / 2,
		uncertaintyMs: Math.abs(offsetMs - best.offsetMs),
	};
}

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
 * The server clock as seen from here: NTP-style pings over the socket, estimated from the last 24
 * samples of the last 2 minutes (see `estimateClock`). Before the first sample a coarse one-way
 * hint (a message's `serverTimeMs`) stands in.
 */
export class ClockSync {
	#samples: ClockSample[] = [];
	#offsetMs = $state(0);
	#rttMs = $state<number | null>(null);
	#errorBoundMs = $state<number | null>(null);
	#uncertaintyMs = $state(0);
	#synced = $state(false);
	#hintMs: number | null = null;
	#running = false;
	#greedy = false;
	#greedyPings = 0;
	#burstLeft = 0;
	#timer: unknown = null;
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
	/** Round trip of the best sample, ms (null before the first). */
	get rttMs(): number | null {
		return this.#rttMs;
	}
	/** The offset is right to within this, ms, whatever the path (null before the first sample). */
	get errorBoundMs(): number | null {
		return this.#errorBoundMs;
	}
	/** How far the estimate may still move as samples come and go: noise not worth chasing, ms. */
	get uncertaintyMs(): number {
		return this.#uncertaintyMs;
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
		if (this.#samples.length > 0) return;
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
		this.#samples = [];
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
		this.#greedy = true;
		this.#greedyPings = 0;
		this.#burstLeft = 0;
		this.#tick();
	}

	#tick(): void {
		if (!this.#running) return;
		if (this.#greedy && this.#greedyPings > 0 && this.#freshCount() >= WANTED_SAMPLES) {
			this.#greedy = false;
			this.#schedule(this.#slowDelay());
			return;
		}
		void this.#pingOnce();
		let delay: number;
		if (this.#greedy) {
			this.#greedyPings += 1;
			if (this.#greedyPings >= GREEDY_MAX_PINGS) this.#greedy = false;
			delay = this.#greedy ? GREEDY_INTERVAL_MS : this.#slowDelay();
		} else {
			// A slow tick starts a burst; the burst's pings follow each other closely.
			if (this.#burstLeft === 0) this.#burstLeft = BURST_PINGS;
			this.#burstLeft -= 1;
			delay = this.#burstLeft > 0 ? BURST_INTERVAL_MS : this.#slowDelay();
		}
		this.#schedule(delay);
	}

	#schedule(delay: number): void {
		this.#timer = this.#timers.setTimeout(() => {
			this.#timer = null;
			this.#tick();
		}, delay);
	}

	#slowDelay(): number {
		return SLOW_MIN_MS + Math.round(this.#random() * (SLOW_MAX_MS - SLOW_MIN_MS));
	}

	/** Samples young enough to count. */
	#freshCount(): number {
		const oldest = this.now() - SAMPLE_MAX_AGE_MS;
		return this.#samples.filter((s) => s.atMs >= oldest).length;
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

	/** Feed one four-timestamp sample (exposed for tests). */
	addSample(t0: number, t1: number, t2: number, t3: number): void {
		const sample = clockSample(t0, t1, t2, t3);
		if (!Number.isFinite(sample.offsetMs) || !Number.isFinite(sample.rttMs)) return;
		this.#samples.push(sample);
		const oldest = this.now() - SAMPLE_MAX_AGE_MS;
		this.#samples = this.#samples.filter((s) => s.atMs >= oldest).slice(-SAMPLES_KEPT);
		const estimate = estimateClock(this.#samples);
		if (estimate === null) return;
		this.#offsetMs = estimate.offsetMs;
		this.#rttMs = estimate.rttMs;
		this.#errorBoundMs = estimate.errorBoundMs;
		this.#uncertaintyMs = estimate.uncertaintyMs;
		this.#synced = true;
		this.#hintMs = null;
	}

	#clearTimer(): void {
		if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
		this.#timer = null;
	}
}
