import { globalTimers, type Timers } from '../sync/clock.svelte.js';
import type { DanmakuInput } from '../state/danmaku.svelte.js';
import type { DanmakuDensity } from './lanes.js';
import {
	BILI_RATE,
	DanmakuScheduler,
	parseDanmakuPayload,
	type ScheduledDanmaku,
} from './scheduler.js';

/** How often the media time is looked at, ms. */
export const FEED_TICK_MS = 200;
/** Bilibili danmaku wait while this many items already wait for a lane (chat goes first). */
export const FEED_MAX_WAITING = 6;
/** Pools kept in memory (switching parts back and forth fetches nothing again). */
const CACHE_SIZE = 6;

export type FeedState = 'idle' | 'loading' | 'ready' | 'error';

export interface BiliFeedDeps {
	fetch?: (url: string) => Promise<Pick<Response, 'ok' | 'json'>>;
	timers?: Timers;
	/** The local player's media time now, ms (null: no player, or loading). */
	position: () => number | null;
	/** The stage: put an item on (false: dropped). */
	add: (input: DanmakuInput) => boolean;
	/** Items already waiting on the stage for a lane. */
	waiting: () => number;
	density: () => DanmakuDensity;
	/** People who asked for less motion get standing items instead of scrolling ones. */
	reducedMotion?: () => boolean;
}

/**
 * Feeds a Bilibili video's own danmaku to the stage as the local player passes them: fetches the
 * pool once per item (`danmakuUrl`), then looks at the media time every `FEED_TICK_MS` and adds
 * what the scheduler releases (jumps start over quietly; a paused or buffering video releases
 * nothing, and the stage itself stops with it).
 */
export class BiliDanmakuFeed {
	#state = $state<FeedState>('idle');
	#count = $state(0);
	#url: string | null = null;
	#scheduler: DanmakuScheduler | null = null;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, never rendered
	#cache = new Map<string, ScheduledDanmaku[]>();
	#timer: unknown = null;
	#generation = 0;
	readonly #deps: Required<BiliFeedDeps>;

	constructor(deps: BiliFeedDeps) {
		this.#deps = {
			fetch: (url) => globalThis.fetch(url, { credentials: 'same-origin' }),
			timers: globalTimers,
			reducedMotion: () => false,
			...deps,
		};
	}

	/** Loading, ready (with `count` entries), failed, or idle (nothing followed). */
	get state(): FeedState {
		return this.#state;
	}
	get count(): number {
		return this.#count;
	}
	/** The pool being followed. */
	get url(): string | null {
		return this.#url;
	}

	/** Follow the pool at `url` (null: none, or switched off). */
	follow(url: string | null): void {
		if (url === this.#url) return;
		this.#stop();
		this.#url = url;
		this.#scheduler = null;
		if (url === null) {
			this.#state = 'idle';
			this.#count = 0;
			return;
		}
		const cached = this.#cache.get(url);
		if (cached !== undefined) {
			this.#ready(cached);
			return;
		}
		void this.#load(url);
	}

	/** Stop following (leaving the room). */
	destroy(): void {
		this.follow(null);
	}

	async #load(url: string): Promise<void> {
		const generation = this.#generation;
		this.#state = 'loading';
		this.#count = 0;
		let entries: ScheduledDanmaku[];
		try {
			const response = await this.#deps.fetch(url);
			if (!response.ok) throw new Error('danmaku request failed');
			entries = parseDanmakuPayload(await response.json());
		} catch {
			if (generation === this.#generation) this.#state = 'error';
			return;
		}
		this.#cache.set(url, entries);
		while (this.#cache.size > CACHE_SIZE) {
			const oldest = this.#cache.keys().next().value;
			if (oldest === undefined) break;
			this.#cache.delete(oldest);
		}
		if (generation === this.#generation) this.#ready(entries);
	}

	#ready(entries: ScheduledDanmaku[]): void {
		this.#scheduler = new DanmakuScheduler(entries);
		this.#state = 'ready';
		this.#count = entries.length;
		this.#schedule();
	}

	#stop(): void {
		this.#generation += 1;
		if (this.#timer !== null) this.#deps.timers.clearTimeout(this.#timer);
		this.#timer = null;
	}

	#schedule(): void {
		const generation = this.#generation;
		this.#timer = this.#deps.timers.setTimeout(() => {
			this.#timer = null;
			if (generation !== this.#generation) return;
			this.#tick();
			this.#schedule();
		}, FEED_TICK_MS);
	}

	#tick(): void {
		const scheduler = this.#scheduler;
		if (scheduler === null) return;
		const position = this.#deps.position();
		if (position === null) {
			scheduler.reset();
			return;
		}
		const due = scheduler.advance(position, BILI_RATE[this.#deps.density()]);
		const still = this.#deps.reducedMotion();
		for (const entry of due) {
			if (this.#deps.waiting() >= FEED_MAX_WAITING) break;
			const input: DanmakuInput = {
				text: entry.text,
				mode: still && entry.mode === 'scroll' ? 'top' : entry.mode,
			};
			if (entry.color !== undefined) input.color = entry.color;
			this.#deps.add(input);
		}
	}
}
