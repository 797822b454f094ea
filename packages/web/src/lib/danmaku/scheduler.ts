/**
 * When Bilibili's own danmaku appear: each entry is keyed to a media time, and is due once the
 * video passes it. Pure — the media time is passed in. Playing forward releases what was passed
 * since the last look; a jump (a seek, a resync, a new part) starts over at the new position and
 * releases nothing at once, so a jump never floods the stage; a stopped clock (paused, buffering)
 * releases nothing. A rate limit per second of media time keeps dense pools within the density.
 */
import type { DanmakuDensity, DanmakuMode } from './lanes.js';

/** One entry of `GET /api/bili/danmaku/<token>` (`{cid, entries}`). */
export interface BiliDanmakuEntry {
	/** Position in the part, ms. */
	timeMs: number;
	/** 1–3 scrolling, 4 bottom, 5 top, 6 reverse (others are not text). */
	mode: number;
	/** Font size (18 / 25 / 36); not used: the stage has one size. */
	size: number;
	/** RGB888 as an integer (or already `#rrggbb`). */
	color: number | string;
	text: string;
}

/** An entry ready for the stage. */
export interface ScheduledDanmaku {
	timeMs: number;
	text: string;
	mode: DanmakuMode;
	/** `#rrggbb`, absent for plain white (the stage's default). */
	color?: string;
}

/** Bilibili danmaku released per second of media time, per density (chat always gets through). */
export const BILI_RATE: Readonly<Record<DanmakuDensity, number>> = {
	low: 3,
	normal: 8,
	high: 20,
};
/** Moving forward by more than this between two looks is a jump, not playback, ms. */
export const JUMP_MS = 1500;
/** Moving back by more than this is a jump; less is jitter (a small correcting seek), ms. */
export const BACK_MS = 300;
/** Most entries we keep from one pool. */
export const MAX_ENTRIES = 20_000;

/** Bilibili's mode number as a stage mode (null: not a plain text entry). */
export function stageMode(mode: number): DanmakuMode | null {
	if (mode === 1 || mode === 2 || mode === 3 || mode === 6) return 'scroll';
	if (mode === 4) return 'bottom';
	if (mode === 5) return 'top';
	return null;
}

/** `#rrggbb` for a colour (null: invalid, or white — the stage's default). */
export function stageColor(color: number | string): string | null {
	let hex: string;
	if (typeof color === 'number') {
		if (!Number.isInteger(color) || color < 0 || color > 0xffffff) return null;
		hex = `#${color.toString(16).padStart(6, '0')}`;
	} else {
		hex = color.trim().toLowerCase();
		if (!/^#[0-9a-f]{6}$/.test(hex)) return null;
	}
	return hex === '#ffffff' ? null : hex;
}

/** Reads a danmaku JSON answer into stage entries, sorted by time (bad entries are skipped). */
export function parseDanmakuPayload(payload: unknown): ScheduledDanmaku[] {
	const entries = (payload as { entries?: unknown } | null)?.entries;
	if (!Array.isArray(entries)) return [];
	const out: ScheduledDanmaku[] = [];
	for (const raw of entries.slice(0, MAX_ENTRIES)) {
		const entry = raw as Partial<BiliDanmakuEntry> | null;
		if (entry === null || typeof entry !== 'object') continue;
		const { timeMs, text } = entry;
		if (typeof timeMs !== 'number' || !Number.isFinite(timeMs) || timeMs < 0) continue;
		if (typeof text !== 'string' || text.trim() === '') continue;
		const mode = stageMode(typeof entry.mode === 'number' ? entry.mode : 1);
		if (mode === null) continue;
		const color =
			typeof entry.color === 'number' || typeof entry.color === 'string'
				? stageColor(entry.color)
				: null;
		out.push(color === null ? { timeMs, text, mode } : { timeMs, text, mode, color });
	}
	return out.sort((a, b) => a.timeMs - b.timeMs);
}

/** First index whose time is at or after `timeMs`. */
function lowerBound(entries: readonly ScheduledDanmaku[], timeMs: number): number {
	let lo = 0;
	let hi = entries.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((entries[mid] as ScheduledDanmaku).timeMs < timeMs) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

export class DanmakuScheduler {
	readonly #entries: readonly ScheduledDanmaku[];
	/** The next entry not yet passed. */
	#cursor = 0;
	/** Media time of the last look (null: none yet). */
	#lastMs: number | null = null;
	/** Entries the rate limit still allows. */
	#budget = 0;

	/** `entries` sorted by time (as `parseDanmakuPayload` returns them). */
	constructor(entries: readonly ScheduledDanmaku[]) {
		this.#entries = entries;
	}

	get size(): number {
		return this.#entries.length;
	}

	/** Index of the next entry to come (tests). */
	get cursor(): number {
		return this.#cursor;
	}

	/** Start over at `mediaMs`: entries from there on are to come, none is due at once. */
	seek(mediaMs: number): void {
		this.#cursor = lowerBound(this.#entries, mediaMs);
		this.#lastMs = mediaMs;
		// Room for the first entry to come, whatever the rate.
		this.#budget = 1;
	}

	/** Forget the position (the player is gone or loading): the next look starts over. */
	reset(): void {
		this.#lastMs = null;
		this.#budget = 0;
	}

	/**
	 * The media is at `mediaMs` now: the entries it passed since the last look, at most
	 * `ratePerSecond` per second of media time (the rest of a dense moment is skipped, not delayed).
	 */
	advance(mediaMs: number, ratePerSecond = Number.POSITIVE_INFINITY): ScheduledDanmaku[] {
		if (!Number.isFinite(mediaMs)) return [];
		const last = this.#lastMs;
		if (last === null || mediaMs > last + JUMP_MS || mediaMs < last - BACK_MS) {
			this.seek(mediaMs);
			return [];
		}
		// Stopped, or a small step back: what was shown stays shown.
		if (mediaMs <= last) return [];
		const rate = Math.max(0, ratePerSecond);
		this.#budget = Math.min(this.#budget + (rate * (mediaMs - last)) / 1000, Math.max(1, rate));
		const due: ScheduledDanmaku[] = [];
		while (this.#cursor < this.#entries.length) {
			const entry = this.#entries[this.#cursor] as ScheduledDanmaku;
			if (entry.timeMs > mediaMs) break;
			this.#cursor += 1;
			if (this.#budget >= 1) {
				due.push(entry);
				this.#budget -= 1;
			}
		}
		this.#lastMs = mediaMs;
		return due;
	}
}
