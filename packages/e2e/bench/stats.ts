/**
 * Pure sampling and statistics for the sync benchmark: no clock reads, no I/O. Every viewer's
 * `<video>` reports presented frames as (wall-clock display time, media time); viewers are compared
 * by resampling those traces at common instants.
 */

/** One presented frame: when it was (to be) shown, on the machine's wall clock, and its media time. */
export interface Frame {
	wallMs: number;
	mediaMs: number;
	/** `video.playbackRate` when the frame was presented (shows the controller's nudges). */
	rate: number;
}

/** Frames further apart than this are a gap (paused, seeking, stalled): no value in between. */
export const MAX_GAP_MS = 200;
/** Resampling step for comparing viewers. */
export const STEP_MS = 50;

/** Percentile `p` (0–100) of `values` with linear interpolation between ranks; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
	const lo = Math.floor(rank);
	const hi = Math.ceil(rank);
	const a = sorted[lo] as number;
	const b = sorted[hi] as number;
	return a + (b - a) * (rank - lo);
}

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

/** Index of the last frame with `wallMs <= t` (−1 when none); `frames` sorted by `wallMs`. */
function lastAtOrBefore(frames: readonly Frame[], t: number): number {
	let lo = 0;
	let hi = frames.length - 1;
	let found = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if ((frames[mid] as Frame).wallMs <= t) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

/**
 * The media position shown at wall time `t`, interpolated linearly between the neighbouring
 * frames; null outside the trace or inside a gap longer than `maxGapMs`.
 */
export function mediaAt(frames: readonly Frame[], t: number, maxGapMs = MAX_GAP_MS): number | null {
	const i = lastAtOrBefore(frames, t);
	if (i < 0) return null;
	const a = frames[i] as Frame;
	if (a.wallMs === t) return a.mediaMs;
	const b = frames[i + 1];
	if (b === undefined || b.wallMs - a.wallMs > maxGapMs) return null;
	return a.mediaMs + ((b.mediaMs - a.mediaMs) * (t - a.wallMs)) / (b.wallMs - a.wallMs);
}

/** Each viewer's interpolated position at `fromMs`, `fromMs + step`, … up to `toMs`. */
export function resample(
	traces: readonly (readonly Frame[])[],
	fromMs: number,
	toMs: number,
	stepMs = STEP_MS,
): { t: number; values: (number | null)[] }[] {
	const out: { t: number; values: (number | null)[] }[] = [];
	for (let t = fromMs; t <= toMs; t += stepMs) {
		out.push({ t, values: traces.map((frames) => mediaAt(frames, t)) });
	}
	return out;
}

/** |a − b| for every pair of viewers that both have a value. */
export function pairDiffs(values: readonly (number | null)[]): number[] {
	const diffs: number[] = [];
	for (let i = 0; i < values.length; i += 1) {
		for (let j = i + 1; j < values.length; j += 1) {
			const a = values[i];
			const b = values[j];
			if (a != null && b != null) diffs.push(Math.abs(a - b));
		}
	}
	return diffs;
}

export interface DriftSummary {
	p50: number;
	p95: number;
	max: number;
	/** Pair comparisons counted. */
	pairs: number;
	/** Share of (instant, viewer) slots that had a value. */
	coverage: number;
}

/** Inter-viewer drift over all pairs and instants in [fromMs, toMs]. */
export function driftSummary(
	traces: readonly (readonly Frame[])[],
	fromMs: number,
	toMs: number,
	stepMs = STEP_MS,
): DriftSummary {
	const diffs: number[] = [];
	let present = 0;
	let slots = 0;
	for (const { values } of resample(traces, fromMs, toMs, stepMs)) {
		diffs.push(...pairDiffs(values));
		slots += values.length;
		present += values.filter((v) => v != null).length;
	}
	return {
		p50: percentile(diffs, 50),
		p95: percentile(diffs, 95),
		max: diffs.length ? Math.max(...diffs) : Number.NaN,
		pairs: diffs.length,
		coverage: slots ? present / slots : 0,
	};
}

/** Every viewer has a value and all are within `toleranceMs` of each other. */
export function allWithin(values: readonly (number | null)[], toleranceMs: number): boolean {
	if (values.length === 0 || values.some((v) => v == null)) return false;
	const nums = values as number[];
	return Math.max(...nums) - Math.min(...nums) <= toleranceMs;
}

/** The joiner (index 0) has a value and is within `toleranceMs` of every other viewer. */
export function joinerWithin(values: readonly (number | null)[], toleranceMs: number): boolean {
	const [joiner, ...others] = values;
	if (joiner == null || others.length === 0) return false;
	return others.every((v) => v != null && Math.abs(v - joiner) <= toleranceMs);
}

export interface ConvergenceOptions {
	/** Search from here (e.g. once the command visibly took effect everywhere). */
	fromMs: number;
	/** Last instant with data for every viewer; the hold must fit before it. */
	dataEndMs: number;
	/** Condition at one instant. */
	ok: (values: readonly (number | null)[]) => boolean;
	/** The condition must hold this long to count. */
	holdMs: number;
	stepMs?: number;
}

/**
 * The first instant ≥ `fromMs` from which `ok` holds at every step for `holdMs`; null when there
 * is none yet (or none before `dataEndMs`).
 */
export function convergedAt(
	traces: readonly (readonly Frame[])[],
	{ fromMs, dataEndMs, ok, holdMs, stepMs = STEP_MS }: ConvergenceOptions,
): number | null {
	let start: number | null = null;
	for (let t = fromMs; t <= dataEndMs; t += stepMs) {
		if (ok(traces.map((frames) => mediaAt(frames, t)))) {
			start ??= t;
			if (t - start >= holdMs) return start;
		} else {
			start = null;
		}
	}
	return null;
}

/** Wall time of the first frame after `afterMs` satisfying `pred`, or null. */
export function firstFrameAfter(
	frames: readonly Frame[],
	afterMs: number,
	pred: (frame: Frame) => boolean = () => true,
): number | null {
	for (let i = Math.max(0, lastAtOrBefore(frames, afterMs) + 1); i < frames.length; i += 1) {
		const frame = frames[i] as Frame;
		if (pred(frame)) return frame.wallMs;
	}
	return null;
}

/** When every trace shows a frame after `afterMs` satisfying `pred` (the latest of them), or null. */
export function allShowedAfter(
	traces: readonly (readonly Frame[])[],
	afterMs: number,
	pred?: (frame: Frame) => boolean,
): number | null {
	let latest = afterMs;
	for (const frames of traces) {
		const at = firstFrameAfter(frames, afterMs, pred);
		if (at === null) return null;
		latest = Math.max(latest, at);
	}
	return latest;
}

/** Share of frames in [fromMs, toMs] presented at a rate other than `nominal` (gentle correction). */
export function nudgedShare(
	frames: readonly Frame[],
	fromMs: number,
	toMs: number,
	nominal: number,
): number {
	const inside = frames.filter((f) => f.wallMs >= fromMs && f.wallMs <= toMs);
	if (inside.length === 0) return 0;
	return inside.filter((f) => Math.abs(f.rate - nominal) > 1e-3).length / inside.length;
}

/** One reading of the room's timeline: the expected position at a server time (= wall time here). */
export interface TimelinePoint {
	serverMs: number;
	expectedMs: number;
}

/**
 * Each viewer's signed offset from the room's timeline (player − room) over [fromMs, toMs], for a
 * window without commands (one timeline at `rate`): the mean per viewer and the p95 of |offset|.
 */
export function roomOffsets(
	traces: readonly (readonly Frame[])[],
	timelines: readonly (readonly TimelinePoint[])[],
	fromMs: number,
	toMs: number,
	rate = 1,
	stepMs = STEP_MS,
): { meanByViewer: number[]; p95Abs: number } {
	const all: number[] = [];
	const meanByViewer = traces.map((frames, i) => {
		const point = (timelines[i] ?? []).find((p) => p.serverMs >= fromMs && p.serverMs <= toMs);
		if (point === undefined) return Number.NaN;
		const offsets: number[] = [];
		for (let t = fromMs; t <= toMs; t += stepMs) {
			const media = mediaAt(frames, t);
			if (media !== null) offsets.push(media - (point.expectedMs + (t - point.serverMs) * rate));
		}
		all.push(...offsets.map(Math.abs));
		return offsets.length ? offsets.reduce((a, b) => a + b, 0) / offsets.length : Number.NaN;
	});
	return { meanByViewer, p95Abs: percentile(all, 95) };
}
