import { describe, expect, it } from 'vitest';
import { ClockEstimator, clockSample } from './ntp.js';

describe('clockSample', () => {
	it.each([
		// client 1000 ms behind the server, symmetric 40 ms path, 2 ms server processing
		[10_000, 11_020, 11_022, 10_042, 1_000, 40],
		// client ahead by 500 ms, 100 ms each way
		[5_000, 4_600, 4_600, 5_200, -500, 200],
		// asymmetric path: 10 ms up, 90 ms down → offset error of 40 ms, rtt 100
		[0, 10, 10, 100, -40, 100],
	])('t0=%i t1=%i t2=%i t3=%i → offset %i, rtt %i', (t0, t1, t2, t3, offset, rtt) => {
		expect(clockSample(t0, t1, t2, t3)).toEqual({ offsetMs: offset, rttMs: rtt, atMs: t3 });
	});

	it('never reports a negative RTT', () => {
		expect(clockSample(0, 5, 20, 10).rttMs).toBe(0);
	});
});

describe('ClockEstimator', () => {
	it('uses the minimum-RTT sample among the last 8', () => {
		const c = new ClockEstimator();
		expect(c.offsetMs).toBe(0);
		expect(c.best()).toBeNull();
		c.add({ offsetMs: 100, rttMs: 80, atMs: 1 });
		c.add({ offsetMs: 120, rttMs: 20, atMs: 2 });
		c.add({ offsetMs: 90, rttMs: 60, atMs: 3 });
		expect(c.offsetMs).toBe(120);
		expect(c.rttMs).toBe(20);
		for (let i = 0; i < 8; i++) c.add({ offsetMs: 50, rttMs: 40, atMs: 10 + i });
		// The 20 ms sample has aged out.
		expect(c.count).toBe(8);
		expect(c.offsetMs).toBe(50);
	});

	it('ignores non-finite samples and can be reset', () => {
		const c = new ClockEstimator();
		c.add({ offsetMs: Number.NaN, rttMs: 1, atMs: 0 });
		expect(c.count).toBe(0);
		c.add({ offsetMs: 5, rttMs: 1, atMs: 0 });
		c.reset();
		expect(c.best()).toBeNull();
	});
});
