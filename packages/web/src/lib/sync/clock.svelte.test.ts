import type { ClockPong } from '@videotogether/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	BURST_INTERVAL_MS,
	ClockSync,
	estimateClock,
	GREEDY_INTERVAL_MS,
	SAMPLE_MAX_AGE_MS,
	SLOW_MAX_MS,
	SLOW_MIN_MS,
} from './clock.svelte.js';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

/** Server clock = local + 5000; each ping is answered after `delay` ms (default: at once). */
function setup(random = 0) {
	vi.setSystemTime(10_000);
	const now = () => Date.now();
	const pings: number[] = [];
	let delay: (n: number) => number = () => 0;
	const clock = new ClockSync({
		ping: (t0) => {
			pings.push(now());
			const wait = delay(pings.length);
			const pong: ClockPong = { t0, t1: t0 + 5000 + wait / 2, t2: t0 + 5000 + wait / 2 };
			return wait === 0
				? Promise.resolve(pong)
				: new Promise((resolve) => setTimeout(() => resolve(pong), wait));
		},
		now,
		random: () => random,
	});
	const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
	return {
		clock,
		pings,
		advance,
		setDelay: (fn: typeof delay) => (delay = fn),
		at: now,
	};
}

describe('estimateClock', () => {
	it('answers null without samples and the best sample when the clocks contradict', () => {
		expect(estimateClock([])).toBeNull();
		const a = { offsetMs: 0, rttMs: 10, atMs: 0 };
		const b = { offsetMs: 100, rttMs: 20, atMs: 0 };
		expect(estimateClock([a, b])).toEqual({
			offsetMs: 0,
			rttMs: 10,
			errorBoundMs: 5,
			uncertaintyMs: 5,
		});
	});
});

describe('ClockSync', () => {
	it('pings every 250 ms until 16 samples are in, then a burst of 3 every 15–30 s', async () => {
		const t = setup(0);
		t.clock.start();
		await t.advance(0);
		expect(t.pings).toEqual([10_000]);
		for (let i = 0; i < 16; i += 1) await t.advance(GREEDY_INTERVAL_MS);
		// 16 pings (0 … 3.75 s), all answered: the greedy phase is over at 4 s.
		expect(t.pings.map((p) => p - 10_000)).toEqual(
			Array.from({ length: 16 }, (_, i) => i * GREEDY_INTERVAL_MS),
		);
		await t.advance(SLOW_MIN_MS - 1);
		expect(t.pings).toHaveLength(16);
		await t.advance(1);
		await t.advance(BURST_INTERVAL_MS);
		await t.advance(BURST_INTERVAL_MS);
		expect(t.pings.slice(16).map((p) => p - 10_000)).toEqual([19_000, 19_200, 19_400]);
		await t.advance(SLOW_MIN_MS - 1);
		expect(t.pings).toHaveLength(19);
		await t.advance(1);
		expect(t.pings.at(-1)).toBe(10_000 + 19_400 + SLOW_MIN_MS);
		t.clock.stop();
	});

	it('randomises the slow interval up to 30 s', async () => {
		const t = setup(1);
		t.clock.start();
		await t.advance(16 * GREEDY_INTERVAL_MS);
		expect(t.pings).toHaveLength(16);
		await t.advance(SLOW_MAX_MS - 1);
		expect(t.pings).toHaveLength(16);
		await t.advance(1);
		expect(t.pings).toHaveLength(17);
		t.clock.stop();
	});

	it('keeps pinging while pings go unanswered, up to 24 in the greedy phase', async () => {
		const t = setup(0);
		t.setDelay(() => 60_000);
		t.clock.start();
		await t.advance(30 * GREEDY_INTERVAL_MS);
		expect(t.pings).toHaveLength(24);
		t.clock.stop();
	});

	it('restarts the greedy phase on reconnect and on wake', async () => {
		const t = setup(0);
		t.clock.start();
		await t.advance(5000);
		expect(t.pings).toHaveLength(16);
		t.clock.reconnected();
		await t.advance(0);
		expect(t.pings).toHaveLength(17);
		expect(t.pings.at(-1)).toBe(15_000);
		// The samples were forgotten: 16 new ones are wanted.
		await t.advance(15 * GREEDY_INTERVAL_MS);
		expect(t.pings).toHaveLength(32);
		await t.advance(GREEDY_INTERVAL_MS);
		expect(t.pings).toHaveLength(32);
		// Back on the tab with fresh samples: one ping at once, then the slow rhythm.
		t.clock.wake();
		await t.advance(0);
		expect(t.pings).toHaveLength(33);
		await t.advance(GREEDY_INTERVAL_MS);
		expect(t.pings).toHaveLength(33);
		t.clock.stop();
		await t.advance(60_000);
		expect(t.pings).toHaveLength(33);
	});

	it('estimates the offset from the lowest-RTT sample and reports synced', async () => {
		const t = setup();
		expect(t.clock.synced).toBe(false);
		// Before any sample a one-way hint stands in.
		t.clock.hint(t.at() + 4990);
		expect(t.clock.offsetMs).toBe(4990);
		t.clock.addSample(1000, 6010, 6012, 1040); // rtt 38, offset 4991
		t.clock.addSample(2000, 7002, 7003, 2010); // rtt 9, offset 4997.5
		t.clock.addSample(3000, 8100, 8101, 3300); // rtt 299: ignored
		expect(t.clock.synced).toBe(true);
		expect(t.clock.rttMs).toBe(9);
		expect(t.clock.offsetMs).toBe(4997.5);
		expect(t.clock.serverNow(100)).toBe(5097.5);
		expect(t.clock.toLocal(5097.5)).toBe(100);
		// Hints no longer count once real samples exist.
		t.clock.hint(t.at() + 9999);
		expect(t.clock.offsetMs).toBe(4997.5);
	});

	it('reports the best RTT, an error bound and the uncertainty', () => {
		const t = setup();
		t.clock.addSample(1000, 6010, 6012, 1040); // rtt 38, offset 4991: [4972, 5010]
		t.clock.addSample(2000, 7010, 7011, 2030); // rtt 29, offset 4995.5: [4981, 5010]
		expect(t.clock.rttMs).toBe(29);
		// Intersection [4981, 5010]: midpoint 4995.5, half-width 14.5.
		expect(t.clock.offsetMs).toBe(4995.5);
		expect(t.clock.errorBoundMs).toBe(14.5);
		expect(t.clock.uncertaintyMs).toBe(0);
	});

	it('ages samples out after 2 minutes and keeps at most 24', () => {
		const t = setup();
		// A lucky old sample (rtt 2, offset 5100) that a stepped server clock made wrong.
		t.clock.addSample(10_000, 15_101, 15_101, 10_002);
		vi.setSystemTime(10_000 + SAMPLE_MAX_AGE_MS + 10);
		const now = t.at();
		t.clock.addSample(now - 20, now + 4990, now + 4990, now); // rtt 20, offset 5000
		expect(t.clock.offsetMs).toBe(5000);
		expect(t.clock.rttMs).toBe(20);
		for (let i = 0; i < 16; i += 1) {
			t.clock.addSample(now + i * 10, now + i * 10 + 5030, now + i * 10 + 5030, now + i * 10 + 60);
		}
		// Still the best of the last 24…
		expect(t.clock.rttMs).toBe(20);
		for (let i = 16; i < 24; i += 1) {
			t.clock.addSample(now + i * 10, now + i * 10 + 5030, now + i * 10 + 5030, now + i * 10 + 60);
		}
		// …until 24 newer (rtt 60) ones pushed it out.
		expect(t.clock.rttMs).toBe(60);
	});

	it('estimates within a few ms behind 100 ± 50 ms of jitter each way', async () => {
		// Deterministic pseudo-random delays, uniform in [50, 150] ms each way.
		let seed = 12345;
		const uniform = () => {
			// mulberry32
			seed = (seed + 0x6d2b79f5) | 0;
			let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
			x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
			return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
		};
		vi.setSystemTime(10_000);
		const now = () => Date.now();
		const clock = new ClockSync({
			ping: (t0) => {
				const up = 50 + 100 * uniform();
				const down = 50 + 100 * uniform();
				const pong: ClockPong = { t0, t1: t0 + up + 5000, t2: t0 + up + 5000 };
				return new Promise((resolve) => setTimeout(() => resolve(pong), up + down));
			},
			now,
			random: () => 0.5,
		});
		clock.start();
		await vi.advanceTimersByTimeAsync(10_000);
		const errors: number[] = [];
		const bounds: number[] = [];
		for (let s = 0; s < 300; s += 1) {
			await vi.advanceTimersByTimeAsync(1000);
			errors.push(Math.abs(clock.offsetMs - 5000));
			bounds.push(clock.errorBoundMs ?? 0);
		}
		clock.stop();
		// The lowest-RTT sample of the last 8 alone is off by ~11 ms on average here (p95 up to 38).
		const mean = errors.reduce((sum, e) => sum + e, 0) / errors.length;
		expect(mean).toBeLessThan(5);
		expect(Math.max(...errors)).toBeLessThan(15);
		// The bound holds and is what it claims to be: at most half the best round trip.
		for (const [i, error] of errors.entries()) expect(error).toBeLessThanOrEqual(bounds[i] ?? 0);
		expect(clock.errorBoundMs).toBeLessThanOrEqual((clock.rttMs ?? 0) / 2);
	});

	it('uses the pongs it receives and ignores failed pings', async () => {
		const t = setup();
		t.clock.start();
		await t.advance(0);
		expect(t.clock.synced).toBe(true);
		expect(t.clock.offsetMs).toBe(5000);
		t.setDelay(() => 60_000);
		t.clock.reconnected();
		await t.advance(0);
		// The old offset stays in use until a new sample arrives.
		expect(t.clock.offsetMs).toBe(5000);
		t.clock.stop();
	});
});
