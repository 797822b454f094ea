import { describe, expect, it } from 'vitest';
import {
	allShowedAfter,
	allWithin,
	convergedAt,
	driftSummary,
	joinerWithin,
	mediaAt,
	nudgedShare,
	pairDiffs,
	percentile,
	roomOffsets,
	type Frame,
} from './stats.js';

/** A trace playing at `rate` from `media0` at `wall0`, one frame every `every` ms. */
function trace(wall0: number, media0: number, count: number, every = 33, rate = 1): Frame[] {
	return Array.from({ length: count }, (_, i) => ({
		wallMs: wall0 + i * every,
		mediaMs: media0 + i * every * rate,
		rate,
	}));
}

describe('percentile', () => {
	it('interpolates between ranks', () => {
		expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
		expect(percentile([10, 0, 5], 0)).toBe(0);
		expect(percentile([10, 0, 5], 100)).toBe(10);
		expect(percentile([0, 10], 95)).toBeCloseTo(9.5);
		expect(percentile([7], 95)).toBe(7);
		expect(percentile([], 50)).toBeNaN();
	});
});

describe('mediaAt', () => {
	const frames: Frame[] = [
		{ wallMs: 1000, mediaMs: 5000, rate: 1 },
		{ wallMs: 1040, mediaMs: 5040, rate: 1 },
		{ wallMs: 1500, mediaMs: 9000, rate: 1 },
	];
	it('interpolates linearly between neighbouring frames', () => {
		expect(mediaAt(frames, 1000)).toBe(5000);
		expect(mediaAt(frames, 1010)).toBe(5010);
		expect(mediaAt(frames, 1040)).toBe(5040);
	});
	it('has no value outside the trace or across a gap', () => {
		expect(mediaAt(frames, 999)).toBeNull();
		expect(mediaAt(frames, 1200)).toBeNull();
		expect(mediaAt(frames, 1501)).toBeNull();
		expect(mediaAt(frames, 1200, 1000)).toBeCloseTo(5040 + (3960 * 160) / 460);
	});
});

describe('pair statistics', () => {
	it('compares every pair that has values', () => {
		expect(pairDiffs([0, 10, null, 25]).sort((a, b) => a - b)).toEqual([10, 15, 25]);
		expect(allWithin([100, 130, 120], 30)).toBe(true);
		expect(allWithin([100, 131], 30)).toBe(false);
		expect(allWithin([100, null], 30)).toBe(false);
		expect(joinerWithin([100, 50, 190], 90)).toBe(true);
		expect(joinerWithin([100, 50, 191], 90)).toBe(false);
	});

	it('summarises drift between two offset viewers', () => {
		const a = trace(0, 10_000, 300);
		const b = trace(0, 10_020, 300);
		const summary = driftSummary([a, b], 100, 9000);
		expect(summary.p50).toBeCloseTo(20);
		expect(summary.p95).toBeCloseTo(20);
		expect(summary.max).toBeCloseTo(20);
		expect(summary.coverage).toBe(1);
		expect(summary.pairs).toBe(179);
	});
});

describe('convergence', () => {
	it('finds when viewers come together and stay together', () => {
		// b starts 300 ms behind and plays 10 % fast until it catches up at wall 3000.
		const a = trace(0, 0, 200, 25);
		const b: Frame[] = a.map(({ wallMs }) => ({
			wallMs,
			mediaMs: wallMs < 3000 ? wallMs * 1.1 - 300 : wallMs,
			rate: wallMs < 3000 ? 1.1 : 1,
		}));
		const at = convergedAt([a, b], {
			fromMs: 0,
			dataEndMs: 4975,
			ok: (values) => allWithin(values, 50),
			holdMs: 500,
		});
		// Within 50 ms from wall 2500 (b = 2450) on.
		expect(at).toBe(2500);
		expect(
			convergedAt([a, b], { fromMs: 0, dataEndMs: 2900, ok: (v) => allWithin(v, 50), holdMs: 500 }),
		).toBeNull();
		expect(nudgedShare(b, 0, 4975, 1)).toBeCloseTo(120 / 200);
	});

	it('knows when every viewer showed a frame meeting a condition', () => {
		const a = trace(0, 0, 10, 100);
		const b = trace(250, 40_000, 10, 100);
		expect(allShowedAfter([a, b], 150)).toBe(250);
		expect(allShowedAfter([a, b], 150, (f) => f.mediaMs >= 40_000)).toBeNull();
		expect(allShowedAfter([b], 150, (f) => f.mediaMs >= 40_100)).toBe(350);
	});
});

describe('roomOffsets', () => {
	it('measures each viewer against the room timeline', () => {
		const ahead = trace(0, 10_030, 200, 25);
		const behind = trace(0, 9_990, 200, 25);
		const timeline = [{ serverMs: 1000, expectedMs: 11_000 }];
		const { meanByViewer, p95Abs } = roomOffsets([ahead, behind], [timeline, timeline], 500, 4000);
		expect(meanByViewer[0]).toBeCloseTo(30);
		expect(meanByViewer[1]).toBeCloseTo(-10);
		expect(p95Abs).toBeCloseTo(30);
		expect(roomOffsets([ahead], [[]], 500, 4000).meanByViewer[0]).toBeNaN();
	});
});
