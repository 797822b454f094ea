import { describe, expect, it } from 'vitest';
import { decideCorrection, DEFAULT_DRIFT_THRESHOLDS } from './drift.js';

const base = { expectedMs: 10_000, roomRate: 1, paused: false, gentle: true };

describe('decideCorrection', () => {
	it.each([
		// [driftMs, expected kind, expected rate]
		[0, 'none', 1],
		[25, 'none', 1],
		[-25, 'none', 1],
		[30, 'rate', 0.97],
		[-30, 'rate', 1.03],
		[50, 'rate', 0.95],
		[80, 'rate', 0.92],
		[100, 'rate', 0.92],
		[-1_999, 'rate', 1.08],
		[2_000, 'rate', 0.92],
		[2_001, 'seek', 1],
		[-5_000, 'seek', 1],
	])('drift %i ms → %s at %f×', (driftMs, kind, rate) => {
		const c = decideCorrection({ ...base, driftMs });
		expect(c.kind).toBe(kind);
		expect(c.rate).toBeCloseTo(rate, 10);
		if (c.kind === 'seek') expect(c.positionMs).toBe(10_000);
	});

	it('scales nudges around the room rate (倍速)', () => {
		expect(decideCorrection({ ...base, roomRate: 2, driftMs: -50 }).rate).toBeCloseTo(2.1, 10);
		expect(decideCorrection({ ...base, roomRate: 0.5, driftMs: 2_500 })).toEqual({
			kind: 'seek',
			positionMs: 10_000,
			rate: 0.5,
		});
	});

	it('with gentle correction off only seeks beyond the threshold', () => {
		expect(decideCorrection({ ...base, gentle: false, driftMs: 1_500 })).toEqual({
			kind: 'none',
			rate: 1,
		});
		expect(decideCorrection({ ...base, gentle: false, driftMs: 2_500 }).kind).toBe('seek');
	});

	it('places a paused player exactly', () => {
		expect(decideCorrection({ ...base, paused: true, driftMs: 40 })).toEqual({
			kind: 'seek',
			positionMs: 10_000,
			rate: 1,
		});
		expect(decideCorrection({ ...base, paused: true, driftMs: 5 })).toEqual({
			kind: 'none',
			rate: 1,
		});
	});

	it('takes its thresholds as configuration', () => {
		const strict = { ...DEFAULT_DRIFT_THRESHOLDS, deadZoneMs: 5, seekThresholdMs: 400 };
		expect(decideCorrection({ ...base, driftMs: 10 }, strict).kind).toBe('rate');
		expect(decideCorrection({ ...base, driftMs: 500 }, strict).kind).toBe('seek');
	});
});
