import {
	DENSITY,
	FIXED_MS,
	fontSizeFor,
	GAP_PX,
	LaneAllocator,
	lanesFor,
	SCROLL_MS,
	type DanmakuDensity,
	type DanmakuMode,
} from '../danmaku/lanes.js';
import { globalTimers, type Timers } from '../sync/clock.svelte.js';

/** What can be put on the stage: chat now, Bilibili's own danmaku later (same renderer). */
export interface DanmakuInput {
	text: string;
	mode?: DanmakuMode;
	/** `#rrggbb`; anything else is ignored. */
	color?: string;
	/** Sent by this user (drawn with an outline). */
	own?: boolean;
}

/** One item on stage. */
export interface DanmakuItem {
	id: number;
	text: string;
	mode: DanmakuMode;
	color: string | null;
	own: boolean;
	lane: number;
	widthPx: number;
	durationMs: number;
}

/** Longest text shown, in characters (the rest is cut with an ellipsis). */
export const MAX_TEXT = 60;
/** Items waiting for a free lane, at most. */
export const BACKLOG_MAX = 40;
/** An item that found no lane for this long (stage time) is dropped, ms. */
export const BACKLOG_WAIT_MS = 5000;
const TICK_MS = 200;
const LINE_HEIGHT = 1.3;
const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** One line of danmaku text: whitespace folded, cut to `MAX_TEXT`. */
export function danmakuText(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	const chars = [...line];
	return chars.length > MAX_TEXT ? `${chars.slice(0, MAX_TEXT - 1).join('')}…` : line;
}

let canvas: CanvasRenderingContext2D | null | undefined;

/** Text width in px at `fontPx` (canvas when there is one; an estimate otherwise). */
export function measureText(text: string, fontPx: number): number {
	if (canvas === undefined) {
		try {
			canvas = globalThis.document?.createElement('canvas').getContext('2d') ?? null;
		} catch {
			canvas = null;
		}
	}
	const padding = fontPx * 0.6;
	if (canvas) {
		canvas.font = `600 ${fontPx}px system-ui, sans-serif`;
		return Math.ceil(canvas.measureText(text).width + padding);
	}
	let width = 0;
	for (const char of text) width += (char.codePointAt(0) ?? 0) > 0x2e7f ? fontPx : fontPx * 0.6;
	return Math.ceil(width + padding);
}

export interface DanmakuDeps {
	/** Local clock, ms. */
	now?: () => number;
	timers?: Timers;
	measure?: (text: string, fontPx: number) => number;
}

/**
 * The danmaku stage: which items fly where. Its clock stops while the video is paused (and the
 * items' CSS animations with it), so lanes stay free of overlaps across a pause. The layer
 * component renders `items` and reports the stage size; anything can `add` to it.
 */
export class DanmakuStage {
	#items = $state.raw<DanmakuItem[]>([]);
	#paused = $state(false);
	#fontPx = $state(22);
	#density: DanmakuDensity = 'normal';
	#widthPx = 0;
	#heightPx = 0;
	#lanes: LaneAllocator;
	#backlog: { input: DanmakuInput; atMs: number }[] = [];
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping; the UI reads `items`
	#ends = new Map<number, number>();
	#counter = 0;
	#elapsed = 0;
	#resumedAt: number;
	#timer: unknown = null;
	#now: () => number;
	#timers: Timers;
	#measure: (text: string, fontPx: number) => number;

	constructor(deps: DanmakuDeps = {}) {
		this.#now = deps.now ?? (() => performance.now());
		this.#timers = deps.timers ?? globalTimers;
		this.#measure = deps.measure ?? measureText;
		this.#resumedAt = this.#now();
		this.#lanes = new LaneAllocator({
			lanes: 1,
			widthPx: 0,
			scrollMs: SCROLL_MS,
			fixedMs: FIXED_MS,
			gapPx: GAP_PX,
			maxItems: DENSITY.normal.maxItems,
		});
	}

	get items(): DanmakuItem[] {
		return this.#items;
	}
	get paused(): boolean {
		return this.#paused;
	}
	get fontPx(): number {
		return this.#fontPx;
	}
	get lineHeightPx(): number {
		return Math.round(this.#fontPx * LINE_HEIGHT);
	}
	/** Items waiting for a lane. */
	get waiting(): number {
		return this.#backlog.length;
	}

	/** Stage time: runs only while not paused, ms. */
	stageNow(): number {
		return this.#paused ? this.#elapsed : this.#elapsed + (this.#now() - this.#resumedAt);
	}

	setPaused(paused: boolean): void {
		if (paused === this.#paused) return;
		if (paused) this.#elapsed = this.stageNow();
		else this.#resumedAt = this.#now();
		this.#paused = paused;
		if (!paused) this.#tick();
	}

	setViewport(widthPx: number, heightPx: number): void {
		if (widthPx === this.#widthPx && heightPx === this.#heightPx) return;
		this.#widthPx = widthPx;
		this.#heightPx = heightPx;
		this.#fontPx = fontSizeFor(heightPx);
		this.#configure();
		this.#tick();
	}

	setDensity(density: DanmakuDensity): void {
		if (density === this.#density) return;
		this.#density = density;
		this.#configure();
	}

	/** Put an item on stage (now, or as soon as a lane is free). False: dropped. */
	add(input: DanmakuInput): boolean {
		const text = danmakuText(input.text);
		if (text === '') return false;
		const item = { ...input, text };
		if (this.#backlog.length === 0 && this.#widthPx > 0 && !this.#paused && this.#place(item)) {
			this.#schedule();
			return true;
		}
		if (this.#backlog.length >= BACKLOG_MAX) return false;
		this.#backlog.push({ input: item, atMs: this.stageNow() });
		this.#schedule();
		return true;
	}

	/** The item's animation ended. */
	remove(id: number): void {
		this.#ends.delete(id);
		this.#items = this.#items.filter((item) => item.id !== id);
	}

	clear(): void {
		this.#items = [];
		this.#backlog = [];
		this.#ends.clear();
		this.#lanes.clear();
	}

	#configure(): void {
		const { maxLanes, maxItems } = DENSITY[this.#density];
		this.#lanes.configure({
			lanes: lanesFor(this.#heightPx, this.lineHeightPx, maxLanes),
			widthPx: this.#widthPx,
			maxItems,
		});
	}

	#place(input: DanmakuInput): boolean {
		const mode = input.mode ?? 'scroll';
		const widthPx = this.#measure(input.text, this.#fontPx);
		const now = this.stageNow();
		const lane = this.#lanes.place(mode, widthPx, now);
		if (lane === null) return false;
		const durationMs = mode === 'scroll' ? SCROLL_MS : FIXED_MS;
		const id = (this.#counter += 1);
		this.#ends.set(id, now + durationMs);
		const color = input.color !== undefined && HEX_COLOR.test(input.color) ? input.color : null;
		this.#items = [
			...this.#items,
			{ id, text: input.text, mode, color, own: input.own ?? false, lane, widthPx, durationMs },
		];
		return true;
	}

	#schedule(): void {
		if (this.#timer !== null) return;
		this.#timer = this.#timers.setTimeout(() => {
			this.#timer = null;
			this.#tick();
		}, TICK_MS);
	}

	/** Place waiting items, drop stale ones, sweep items whose animation end was missed. */
	#tick(): void {
		if (this.#paused) return;
		const now = this.stageNow();
		this.#backlog = this.#backlog.filter(({ atMs }) => now - atMs < BACKLOG_WAIT_MS);
		if (this.#widthPx > 0) {
			while (this.#backlog.length > 0) {
				const next = this.#backlog[0];
				if (next === undefined || !this.#place(next.input)) break;
				this.#backlog.shift();
			}
		}
		const expired = [...this.#ends].filter(([, end]) => end + 500 < now).map(([id]) => id);
		if (expired.length > 0) {
			for (const id of expired) this.#ends.delete(id);
			this.#items = this.#items.filter((item) => !expired.includes(item.id));
		}
		if (this.#backlog.length > 0 || this.#ends.size > 0) this.#schedule();
	}
}

/** The stage over the room's player. */
export const danmaku = new DanmakuStage();

/** The renderer's API: chat today, Bilibili's danmaku (`{timeMs, mode, size, color, text}`) later. */
export function addDanmaku(input: DanmakuInput): boolean {
	return danmaku.add(input);
}
