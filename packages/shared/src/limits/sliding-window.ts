/**
 * Sliding-window counters keyed by string (login failures per IP/account, chat messages per user).
 * Pure: every call takes `nowMs`. Memory is bounded: expired keys are dropped as they are touched
 * and the oldest keys are evicted past `maxKeys`.
 */
export interface WindowRule {
	/** Events allowed inside the window. */
	limit: number;
	/** Window length in milliseconds. */
	windowMs: number;
}

export interface LimitDecision {
	allowed: boolean;
	/** Whole seconds until one more event would be allowed (0 when allowed). */
	retryAfterS: number;
}

export class SlidingWindowLimiter {
	readonly #rule: WindowRule;
	readonly #maxKeys: number;
	readonly #events = new Map<string, number[]>();

	constructor(rule: WindowRule, maxKeys = 10_000) {
		this.#rule = rule;
		this.#maxKeys = maxKeys;
	}

	#live(key: string, nowMs: number): number[] {
		const cutoff = nowMs - this.#rule.windowMs;
		const events = (this.#events.get(key) ?? []).filter((t) => t > cutoff);
		if (events.length === 0) this.#events.delete(key);
		else this.#events.set(key, events);
		return events;
	}

	/** Would one more event for `key` be allowed now? Does not record anything. */
	check(key: string, nowMs: number): LimitDecision {
		const events = this.#live(key, nowMs);
		if (events.length < this.#rule.limit) return { allowed: true, retryAfterS: 0 };
		const oldestRelevant = events[events.length - this.#rule.limit] ?? nowMs;
		const waitMs = oldestRelevant + this.#rule.windowMs - nowMs;
		return { allowed: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
	}

	/** Record one event for `key` at `nowMs`. */
	record(key: string, nowMs: number): void {
		const events = this.#live(key, nowMs);
		events.push(nowMs);
		this.#events.delete(key);
		this.#events.set(key, events);
		while (this.#events.size > this.#maxKeys) {
			const oldest = this.#events.keys().next().value;
			if (oldest === undefined) break;
			this.#events.delete(oldest);
		}
	}

	/** Check and, when allowed, record in one step. */
	take(key: string, nowMs: number): LimitDecision {
		const decision = this.check(key, nowMs);
		if (decision.allowed) this.record(key, nowMs);
		return decision;
	}

	/** Forget `key` (e.g. after a successful login). */
	reset(key: string): void {
		this.#events.delete(key);
	}

	get size(): number {
		return this.#events.size;
	}
}
