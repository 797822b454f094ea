import type { ClockPong } from '@videotogether/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClockSync, GREEDY_INTERVAL_MS, SLOW_MAX_MS, SLOW_MIN_MS } from './clock.svelte.js';

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

describe('ClockSync', () => {
	it('pings three times a second apart, then every 15–30 s', async () => {
		const t = setup(0);
		t.clock.start();
		await t.advance(0);
		expect(t.pings).toEqual([10_000]);
		await t.advance(GREEDY_INTERVAL_MS);
		await t.advance(GREEDY_INTERVAL_MS);
		expect(t.pings).toEqual([10_000, 11_000, 12_000]);
		await t.advance(SLOW_MIN_MS - 1);
		expect(t.pings).toHaveLength(3);
		await t.advance(1);
		expect(t.pings.at(-1)).toBe(12_000 + SLOW_MIN_MS);
		t.clock.stop();
	});

	it('randomises the slow interval up to 30 s', async () => {
		const t = setup(1);
		t.clock.start();
		await t.advance(2 * GREEDY_INTERVAL_MS);
		await t.advance(SLOW_MAX_MS - 1);
		expect(t.pings).toHaveLength(3);
		await t.advance(1);
		expect(t.pings).toHaveLength(4);
		t.clock.stop();
	});

	it('restarts the greedy phase on reconnect and on wake', async () => {
		const t = setup(0);
		t.clock.start();
		await t.advance(5000);
		expect(t.pings).toHaveLength(3);
		t.clock.reconnected();
		await t.advance(0);
		await t.advance(1000);
		await t.advance(1000);
		expect(t.pings).toHaveLength(6);
		expect(t.pings.slice(3)).toEqual([15_000, 16_000, 17_000]);
		t.clock.wake();
		await t.advance(0);
		expect(t.pings).toHaveLength(7);
		t.clock.stop();
		await t.advance(60_000);
		expect(t.pings).toHaveLength(7);
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

	it('on a jittery link keeps pinging every 2 s until it has its 8 samples', async () => {
		const t = setup(0);
		// Round trips alternate 40 and 10 ms.
		t.setDelay((n) => (n % 2 === 1 ? 40 : 10));
		t.clock.start();
		for (let i = 0; i < 12; i += 1) await t.advance(1000);
		// 3 greedy (0, 1, 2 s), then every 2 s until the 8 samples are (about to be) in.
		expect(t.pings.map((p) => p - 10_000)).toEqual([
			0, 1000, 2000, 4000, 6000, 8000, 10_000, 12_000,
		]);
		await t.advance(SLOW_MIN_MS - 1);
		expect(t.pings).toHaveLength(8);
		await t.advance(1);
		expect(t.pings).toHaveLength(9);
		expect(t.clock.rttMs).toBe(10);
		t.clock.stop();
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
