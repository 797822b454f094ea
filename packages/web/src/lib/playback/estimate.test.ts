import { describe, expect, it } from 'vitest';
import { legacyState } from '../../test/fixtures.js';
import { ClockOffsetEstimator, estimatePositionMs, isFreshState, StateOrder } from './estimate.js';

describe('estimatePositionMs', () => {
	it('advances a playing state by the elapsed server time', () => {
		const state = legacyState({ position_ms: 10_000, reported_at: 1_000_000 });
		expect(estimatePositionMs(state, 1_000_000, 0)).toBe(10_000);
		expect(estimatePositionMs(state, 1_002_500, 0)).toBe(12_500);
	});

	it('converts local time to server time with the clock offset', () => {
		const state = legacyState({ position_ms: 10_000, reported_at: 1_000_000 });
		// The server clock is 3 s ahead of ours: local 999_000 is server 1_002_000.
		expect(estimatePositionMs(state, 999_000, 3000)).toBe(12_000);
	});

	it('holds a paused state', () => {
		const state = legacyState({ status: 'paused', position_ms: 42_000 });
		expect(estimatePositionMs(state, 9_999_999, 0)).toBe(42_000);
	});

	it('scales by the playback rate', () => {
		const state = legacyState({ position_ms: 0, reported_at: 1_000_000, rate: 1.5 });
		expect(estimatePositionMs(state, 1_004_000, 0)).toBe(6000);
	});

	it('holds before a scheduled start and clamps to the duration', () => {
		const scheduled = legacyState({ position_ms: 5000, reported_at: 1_000_500 });
		expect(estimatePositionMs(scheduled, 1_000_000, 0)).toBe(5000);
		const base = legacyState();
		const short = legacyState({
			position_ms: 59_000,
			reported_at: 1_000_000,
			media: base.media && { ...base.media, durationMs: 60_000 },
		});
		expect(estimatePositionMs(short, 1_010_000, 0)).toBe(60_000);
	});
});

describe('ClockOffsetEstimator', () => {
	it('is 0 without samples and keeps the largest of the last 8', () => {
		const clock = new ClockOffsetEstimator();
		expect(clock.offsetMs).toBe(0);
		clock.add(1_000_100, 1_000_000); // +100 (fast delivery)
		clock.add(1_000_040, 1_000_000); // +40 (slow delivery)
		expect(clock.offsetMs).toBe(100);
		for (let i = 0; i < 8; i += 1) clock.add(2_000_050, 2_000_000);
		expect(clock.offsetMs).toBe(50);
	});

	it('handles a server clock behind ours', () => {
		const clock = new ClockOffsetEstimator();
		expect(clock.add(1_000_000, 1_005_000)).toBe(-5000);
	});
});

describe('isFreshState', () => {
	it('rejects a lower seq for the same room only', () => {
		const last = new Map([['default', 5]]);
		expect(isFreshState(last, legacyState({ seq: 4 }))).toBe(false);
		expect(isFreshState(last, legacyState({ seq: 5 }))).toBe(true);
		expect(isFreshState(last, legacyState({ seq: 6 }))).toBe(true);
		expect(isFreshState(last, legacyState({ seq: 1, room: 'other' }))).toBe(true);
	});
});

describe('StateOrder', () => {
	it('accepts equal or newer seqs per room and forgets on reset', () => {
		const order = new StateOrder();
		expect(order.accept({ room: 'default', seq: 3 })).toBe(true);
		expect(order.accept({ room: 'default', seq: 2 })).toBe(false);
		expect(order.accept({ room: 'default', seq: 3 })).toBe(true);
		order.reset();
		expect(order.accept({ room: 'default', seq: 0 })).toBe(true);
	});
});
