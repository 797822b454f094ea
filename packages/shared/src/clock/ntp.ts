/**
 * NTP-style clock estimation over an ack-based ping. The client stamps `t0` when it sends, the
 * server `t1` on receipt and `t2` when it answers, the client `t3` on the answer. Then
 * offset = ((t1 − t0) + (t2 − t3)) / 2 (server clock − client clock) and rtt = (t3 − t0) − (t2 − t1).
 * The lowest-RTT sample of the last few is the most trustworthy (least queueing asymmetry).
 */

export interface ClockSample {
	/** Server clock minus client clock, ms. */
	offsetMs: number;
	/** Network round trip, excluding the server's own processing time, ms. */
	rttMs: number;
	/** Client time the sample was completed (t3). */
	atMs: number;
}

export function clockSample(t0: number, t1: number, t2: number, t3: number): ClockSample {
	return {
		offsetMs: (t1 - t0 + (t2 - t3)) / 2,
		rttMs: Math.max(0, t3 - t0 - (t2 - t1)),
		atMs: t3,
	};
}

/** How many recent samples are kept (Jellyfin's choice). */
export const CLOCK_SAMPLES_KEPT = 8;

/** Keeps the last samples and answers with the lowest-RTT one. */
export class ClockEstimator {
	readonly #samples: ClockSample[] = [];
	readonly #keep: number;

	constructor(keep = CLOCK_SAMPLES_KEPT) {
		this.#keep = keep;
	}

	add(sample: ClockSample): void {
		if (!Number.isFinite(sample.offsetMs) || !Number.isFinite(sample.rttMs)) return;
		this.#samples.push(sample);
		if (this.#samples.length > this.#keep) this.#samples.shift();
	}

	/** The best (minimum-RTT) sample, or null before the first one. */
	best(): ClockSample | null {
		let best: ClockSample | null = null;
		for (const sample of this.#samples) {
			if (best === null || sample.rttMs < best.rttMs) best = sample;
		}
		return best;
	}

	/** Server clock − client clock (0 before any sample). */
	get offsetMs(): number {
		return this.best()?.offsetMs ?? 0;
	}

	get rttMs(): number | null {
		return this.best()?.rttMs ?? null;
	}

	get count(): number {
		return this.#samples.length;
	}

	/** Forget everything (after a reconnect the path may have changed). */
	reset(): void {
		this.#samples.length = 0;
	}
}
