/** A stretch of media, ms. */
export interface MediaRange {
	startMs: number;
	endMs: number;
}

/** The part of `TimeRanges` we read (real ones, and plain objects in tests). */
export interface TimeRangesLike {
	readonly length: number;
	start(index: number): number;
	end(index: number): number;
}

/** `TimeRanges` (seconds) as ranges in ms, empty and non-finite ones dropped. */
export function toRanges(ranges: TimeRangesLike): MediaRange[] {
	const result: MediaRange[] = [];
	for (let i = 0; i < ranges.length; i += 1) {
		const startMs = ranges.start(i) * 1000;
		const endMs = ranges.end(i) * 1000;
		if (Number.isFinite(startMs) && Number.isFinite(endMs) && endMs > startMs) {
			result.push({ startMs, endMs });
		}
	}
	return result;
}

/** A range as CSS percentages of `maxMs` (clamped to the bar). */
export function rangePercent(range: MediaRange, maxMs: number): { left: number; width: number } {
	if (!(maxMs > 0)) return { left: 0, width: 0 };
	const clamp = (ms: number) => Math.min(100, Math.max(0, (ms / maxMs) * 100));
	const left = clamp(range.startMs);
	return { left, width: Math.max(0, clamp(range.endMs) - left) };
}
