/**
 * A small TTL cache that coalesces concurrent loads: however many viewers ask for the same key at
 * once, the loader runs once and everyone shares its promise (one upstream call per video, not per
 * viewer). Loaders return their own TTL, so answers can live until just before their links expire
 * and failures can be remembered briefly (back-off instead of hammering upstream).
 */
import type { Clock } from '../../lib/clock.js';

interface Entry<V> {
	value: V;
	loadedAtMs: number;
	expiresAtMs: number;
}

/** A loaded value and how long to keep it (0 = share with concurrent callers only). */
export interface Loaded<V> {
	value: V;
	ttlMs: number;
}

/** Options of {@link CoalescingCache.get}. */
export interface GetOptions {
	/**
	 * Skip cached values loaded at or before this time (ms): "the answer I used failed, give me a
	 * newer one". A value loaded after it — by someone else's refresh — is reused, and a load
	 * already in flight is shared, so a burst of failures triggers one reload.
	 */
	staleBeforeMs?: number;
}

export class CoalescingCache<V> {
	readonly #entries = new Map<string, Entry<V>>();
	readonly #inflight = new Map<string, { startedAtMs: number; promise: Promise<V> }>();

	constructor(
		private readonly clock: Clock,
		private readonly maxEntries = 512,
	) {}

	/** The cached value (fresh or not) and when it was loaded, without loading. */
	peek(key: string): { value: V; loadedAtMs: number } | undefined {
		const entry = this.#entries.get(key);
		return entry && { value: entry.value, loadedAtMs: entry.loadedAtMs };
	}

	delete(key: string): void {
		this.#entries.delete(key);
	}

	get size(): number {
		return this.#entries.size;
	}

	async get(key: string, load: () => Promise<Loaded<V>>, options: GetOptions = {}): Promise<V> {
		const now = this.clock.nowMs();
		const stale = options.staleBeforeMs;
		const entry = this.#entries.get(key);
		if (entry && entry.expiresAtMs > now && (stale === undefined || entry.loadedAtMs > stale)) {
			return entry.value;
		}
		const running = this.#inflight.get(key);
		if (running && (stale === undefined || running.startedAtMs >= stale)) return running.promise;
		const flight = { startedAtMs: now, promise: Promise.resolve() as Promise<V> };
		flight.promise = this.#load(key, load, flight);
		this.#inflight.set(key, flight);
		return flight.promise;
	}

	async #load(
		key: string,
		load: () => Promise<Loaded<V>>,
		flight: { startedAtMs: number },
	): Promise<V> {
		const { startedAtMs } = flight;
		try {
			const { value, ttlMs } = await load();
			const loadedAtMs = Math.max(startedAtMs, this.clock.nowMs());
			if (ttlMs > 0) this.#store(key, { value, loadedAtMs, expiresAtMs: loadedAtMs + ttlMs });
			else this.#entries.delete(key);
			return value;
		} finally {
			if (this.#inflight.get(key) === flight) this.#inflight.delete(key);
		}
	}

	#store(key: string, entry: Entry<V>): void {
		this.#entries.delete(key);
		this.#entries.set(key, entry);
		// Map keeps insertion order: the first key is the least recently stored.
		while (this.#entries.size > this.maxEntries) {
			const oldest = this.#entries.keys().next().value;
			if (oldest === undefined) break;
			this.#entries.delete(oldest);
		}
	}
}
