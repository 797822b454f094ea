import type { Timers } from './clock.svelte.js';

/** The median of a list (null when empty). */
export function median(values: readonly number[]): number | null {
	const n = values.length;
	if (n === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(n / 2);
	return n % 2 === 1
		? (sorted[mid] as number)
		: ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The last `size` samples, summarised by a trimmed mean: the `trim` lowest and highest are
 * dropped (a late frame, a GC pause) and the rest averaged. Averaging matters for frame-based
 * drift, which comes in steps of a display refresh; a median would stick to one step.
 */
export class DriftWindow {
	#samples: number[] = [];
	readonly #size: number;
	readonly #trim: number;

	constructor(size = 9, trim = 2) {
		this.#size = size;
		this.#trim = trim;
	}

	push(sample: number): number {
		this.#samples.push(sample);
		if (this.#samples.length > this.#size) this.#samples.shift();
		return this.value as number;
	}

	get value(): number | null {
		const n = this.#samples.length;
		if (n === 0) return null;
		const trim = Math.min(this.#trim, Math.floor((n - 1) / 2));
		const kept = [...this.#samples].sort((a, b) => a - b).slice(trim, n - trim);
		return kept.reduce((sum, x) => sum + x, 0) / kept.length;
	}

	get count(): number {
		return this.#samples.length;
	}

	clear(): void {
		this.#samples.length = 0;
	}
}

/** An exponential moving average with bounds (seek and start latencies). */
export class BoundedAverage {
	#value: number;
	readonly #weight: number;
	readonly #min: number;
	readonly #max: number;

	constructor(initial: number, options: { weight?: number; min?: number; max?: number } = {}) {
		this.#value = initial;
		this.#weight = options.weight ?? 0.3;
		this.#min = options.min ?? 0;
		this.#max = options.max ?? Number.POSITIVE_INFINITY;
	}

	add(sample: number): number {
		if (!Number.isFinite(sample)) return this.#value;
		const next = this.#value + (sample - this.#value) * this.#weight;
		this.#value = Math.min(this.#max, Math.max(this.#min, next));
		return this.#value;
	}

	get value(): number {
		return this.#value;
	}
}

/**
 * A latency learned from a few measurements, robust to the odd wild one (a page's very first
 * start, a start that waited for data): the median of the last `keep` measurements, with the
 * first guess standing in twice until three are in — one outlier never moves it.
 */
export class RobustLatency {
	readonly #initial: number;
	readonly #keep: number;
	readonly #min: number;
	readonly #max: number;
	#samples: number[] = [];

	constructor(initial: number, options: { keep?: number; min?: number; max?: number } = {}) {
		this.#initial = initial;
		this.#keep = options.keep ?? 5;
		this.#min = options.min ?? 0;
		this.#max = options.max ?? Number.POSITIVE_INFINITY;
	}

	add(sample: number): number {
		if (Number.isFinite(sample)) {
			this.#samples.push(Math.min(this.#max, Math.max(this.#min, sample)));
			if (this.#samples.length > this.#keep) this.#samples.shift();
		}
		return this.value;
	}

	get value(): number {
		const samples = this.#samples;
		const pool = samples.length >= 3 ? samples : [this.#initial, this.#initial, ...samples];
		return median(pool) as number;
	}
}

/**
 * Runs a callback at a local instant, to about a millisecond: one timeout to `earlyMs` before,
 * then short hops (a single long timeout can be late by several ms).
 */
export class PreciseTimer {
	#handle: unknown = null;
	readonly #timers: Timers;
	readonly #now: () => number;
	readonly #earlyMs: number;

	constructor(timers: Timers, now: () => number, earlyMs = 20) {
		this.#timers = timers;
		this.#now = now;
		this.#earlyMs = earlyMs;
	}

	get active(): boolean {
		return this.#handle !== null;
	}

	/** Calls `callback` at local time `atMs` (synchronously when that has passed). */
	at(atMs: number, callback: () => void): void {
		this.cancel();
		const step = () => {
			const remaining = atMs - this.#now();
			if (remaining > this.#earlyMs) {
				this.#handle = this.#timers.setTimeout(step, remaining - this.#earlyMs);
			} else if (remaining > 0) {
				this.#handle = this.#timers.setTimeout(step, Math.max(1, Math.floor(remaining)));
			} else {
				this.#handle = null;
				callback();
			}
		};
		step();
	}

	cancel(): void {
		if (this.#handle !== null) this.#timers.clearTimeout(this.#handle);
		this.#handle = null;
	}
}
