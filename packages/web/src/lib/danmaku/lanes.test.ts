import { describe, expect, it } from 'vitest';
import { fontSizeFor, LaneAllocator, lanesFor, scrollFits, scrollSpeed } from './lanes.js';

const options = {
	lanes: 3,
	widthPx: 1000,
	scrollMs: 8000,
	fixedMs: 4000,
	gapPx: 20,
	maxItems: 10,
};

/** Left edge of a scrolling item `t` ms after it entered (it starts at x = stage width). */
const leftAt = (itemPx: number, t: number) =>
	options.widthPx - scrollSpeed(itemPx, options.widthPx, options.scrollMs) * t;

describe('scrolling lanes', () => {
	it('puts items in the first free lane, top down', () => {
		const lanes = new LaneAllocator(options);
		expect(lanes.place('scroll', 200, 0)).toBe(0);
		expect(lanes.place('scroll', 200, 0)).toBe(1);
		expect(lanes.place('scroll', 200, 0)).toBe(2);
		expect(lanes.place('scroll', 200, 0)).toBeNull();
	});

	it('reuses a lane once the item ahead is on stage with a gap', () => {
		const lanes = new LaneAllocator({ ...options, lanes: 1 });
		expect(lanes.place('scroll', 200, 0)).toBe(0);
		// 200 px + 20 px gap at (1200 px / 8 s) = 1467 ms.
		expect(lanes.place('scroll', 200, 1400)).toBeNull();
		expect(lanes.place('scroll', 200, 1500)).toBe(0);
	});

	it('never lets a longer (faster) item catch up with the one ahead', () => {
		const ahead = { startMs: 0, widthPx: 100, endMs: 8000 };
		// The short one is fully in after ~800 ms, but a 900 px item would overtake it.
		expect(scrollFits(ahead, 900, 1000, options)).toBe(false);
		expect(scrollFits(ahead, 100, 1000, options)).toBe(true);
		// Checked over the whole crossing: the gap holds at every moment for an accepted pair.
		const now = 1000;
		for (let t = now; t <= ahead.endMs; t += 250) {
			const tail = leftAt(100, t - ahead.startMs) + 100;
			const head = leftAt(100, t - now);
			expect(head - tail).toBeGreaterThanOrEqual(options.gapPx - 1e-9);
		}
		// Once the long one would reach the left edge after the short one is gone, it fits.
		expect(scrollFits(ahead, 900, 4300, options)).toBe(true);
	});

	it('frees a lane when its item has crossed', () => {
		expect(scrollFits({ startMs: 0, widthPx: 500, endMs: 8000 }, 500, 8000, options)).toBe(true);
		expect(scrollFits(null, 500, 0, options)).toBe(true);
	});

	it('caps the items on stage (density)', () => {
		const lanes = new LaneAllocator({ ...options, lanes: 10, maxItems: 2 });
		expect(lanes.place('scroll', 100, 0)).toBe(0);
		expect(lanes.place('top', 100, 0)).toBe(0);
		expect(lanes.place('bottom', 100, 0)).toBeNull();
		expect(lanes.active(0)).toBe(2);
		// The top one leaves after 4 s.
		expect(lanes.place('bottom', 100, 4000)).toBe(0);
	});
});

describe('fixed lanes (top and bottom)', () => {
	it('hold their row for the fixed time, each mode its own rows', () => {
		const lanes = new LaneAllocator({ ...options, lanes: 2 });
		expect(lanes.place('top', 300, 0)).toBe(0);
		expect(lanes.place('top', 300, 100)).toBe(1);
		expect(lanes.place('top', 300, 200)).toBeNull();
		expect(lanes.place('bottom', 300, 200)).toBe(0);
		expect(lanes.place('top', 300, 4000)).toBe(0);
	});

	it('keeps its rows when resized, and clears', () => {
		const lanes = new LaneAllocator({ ...options, lanes: 1 });
		expect(lanes.place('top', 300, 0)).toBe(0);
		lanes.configure({ lanes: 2 });
		expect(lanes.place('top', 300, 0)).toBe(1);
		lanes.clear();
		expect(lanes.place('top', 300, 0)).toBe(0);
	});
});

describe('sizes', () => {
	it('fits rows into the top of the stage, within the density maximum', () => {
		expect(lanesFor(360, 28, 8)).toBe(8);
		expect(lanesFor(180, 28, 8)).toBe(5);
		expect(lanesFor(0, 28, 8)).toBe(1);
		expect(fontSizeFor(200)).toBe(14);
		expect(fontSizeFor(420)).toBe(28);
		expect(fontSizeFor(300)).toBe(21);
	});
});
