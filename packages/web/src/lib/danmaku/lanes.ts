/**
 * Where a danmaku goes: Bilibili-style lanes (rows). A scrolling item enters at the right edge and
 * crosses the stage in a fixed time, so longer items move faster; an item may follow another in
 * the same lane only if it never touches it — the one ahead must be fully on stage (plus a gap),
 * and the new one must not catch up with it before it has left. Top and bottom items stand still
 * in their own rows for a while. Time is passed in (a stage clock that stops while paused).
 */
export type DanmakuMode = 'scroll' | 'top' | 'bottom';

export type DanmakuDensity = 'low' | 'normal' | 'high';

/** Rows and concurrent items per density. */
export const DENSITY: Readonly<Record<DanmakuDensity, { maxLanes: number; maxItems: number }>> = {
	low: { maxLanes: 4, maxItems: 12 },
	normal: { maxLanes: 8, maxItems: 30 },
	high: { maxLanes: 14, maxItems: 80 },
};

export const SCROLL_MS = 8000;
export const FIXED_MS = 4000;
export const GAP_PX = 24;

export interface LaneOptions {
	/** Rows available. */
	lanes: number;
	/** Stage width, px. */
	widthPx: number;
	/** Time for a scrolling item to cross the stage, ms. */
	scrollMs: number;
	/** Time a top or bottom item stays, ms. */
	fixedMs: number;
	/** Smallest gap between two scrolling items of a lane, px. */
	gapPx: number;
	/** Most items on stage at once. */
	maxItems: number;
}

interface Occupant {
	startMs: number;
	widthPx: number;
	endMs: number;
}

/** Speed of a scrolling item, px per ms: it travels the stage plus its own width. */
export function scrollSpeed(itemPx: number, stagePx: number, durationMs: number): number {
	return (stagePx + itemPx) / durationMs;
}

/**
 * Can an item `itemPx` wide enter a lane now, behind `ahead`? Both move left linearly, so the gap
 * between them only needs checking now and when the one ahead leaves the stage.
 */
export function scrollFits(
	ahead: Occupant | null,
	itemPx: number,
	nowMs: number,
	options: Pick<LaneOptions, 'widthPx' | 'scrollMs' | 'gapPx'>,
): boolean {
	if (ahead === null || ahead.endMs <= nowMs) return true;
	const { widthPx, scrollMs, gapPx } = options;
	const elapsed = nowMs - ahead.startMs;
	// Its tail must be on stage by at least the gap.
	const tailX = widthPx + ahead.widthPx - scrollSpeed(ahead.widthPx, widthPx, scrollMs) * elapsed;
	if (tailX > widthPx - gapPx) return false;
	// Where the new head is when the one ahead is gone (its tail at x = 0).
	const headX = widthPx - scrollSpeed(itemPx, widthPx, scrollMs) * (ahead.endMs - nowMs);
	return headX >= gapPx;
}

/** How many rows fit: at most `maxLanes`, in the top `share` of the stage. */
export function lanesFor(
	heightPx: number,
	lineHeightPx: number,
	maxLanes: number,
	share = 0.8,
): number {
	if (heightPx <= 0 || lineHeightPx <= 0) return 1;
	return Math.max(1, Math.min(maxLanes, Math.floor((heightPx * share) / lineHeightPx)));
}

/** Font size for a stage this tall, px (about 14 rows, 14–28 px). */
export function fontSizeFor(heightPx: number): number {
	return Math.min(28, Math.max(14, Math.round(heightPx / 14)));
}

export class LaneAllocator {
	#options: LaneOptions;
	#scroll: (Occupant | null)[] = [];
	#top: (Occupant | null)[] = [];
	#bottom: (Occupant | null)[] = [];
	#ends: number[] = [];

	constructor(options: LaneOptions) {
		this.#options = options;
		this.#resize();
	}

	get options(): LaneOptions {
		return this.#options;
	}

	configure(options: Partial<LaneOptions>): void {
		this.#options = { ...this.#options, ...options };
		this.#resize();
	}

	/** Items on stage at `nowMs`. */
	active(nowMs: number): number {
		this.#ends = this.#ends.filter((end) => end > nowMs);
		return this.#ends.length;
	}

	/** A lane for an item (0 = the top row; for `bottom`, 0 = the bottom row), or null: full. */
	place(mode: DanmakuMode, widthPx: number, nowMs: number): number | null {
		if (this.active(nowMs) >= this.#options.maxItems) return null;
		const lanes = mode === 'scroll' ? this.#scroll : mode === 'top' ? this.#top : this.#bottom;
		const duration = mode === 'scroll' ? this.#options.scrollMs : this.#options.fixedMs;
		for (let lane = 0; lane < lanes.length; lane += 1) {
			const occupant = lanes[lane] ?? null;
			const free =
				mode === 'scroll'
					? scrollFits(occupant, widthPx, nowMs, this.#options)
					: occupant === null || occupant.endMs <= nowMs;
			if (!free) continue;
			const endMs = nowMs + duration;
			lanes[lane] = { startMs: nowMs, widthPx, endMs };
			this.#ends.push(endMs);
			return lane;
		}
		return null;
	}

	clear(): void {
		this.#scroll.fill(null);
		this.#top.fill(null);
		this.#bottom.fill(null);
		this.#ends = [];
	}

	#resize(): void {
		const count = Math.max(1, Math.floor(this.#options.lanes));
		const fit = (lanes: (Occupant | null)[]) => {
			const next = lanes.slice(0, count);
			while (next.length < count) next.push(null);
			return next;
		};
		this.#scroll = fit(this.#scroll);
		this.#top = fit(this.#top);
		this.#bottom = fit(this.#bottom);
	}
}
