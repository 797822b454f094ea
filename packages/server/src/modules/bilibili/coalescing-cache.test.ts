import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { CoalescingCache } from './coalescing-cache.js';

function deferred<T>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

describe('CoalescingCache', () => {
	it('runs one load for concurrent callers and caches for the TTL it returns', async () => {
		const clock = new ManualClock(0);
		const cache = new CoalescingCache<number>(clock);
		const gate = deferred<void>();
		let loads = 0;
		const load = async () => {
			loads++;
			await gate.promise;
			return { value: loads, ttlMs: 1000 };
		};
		const all = Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
		gate.resolve();
		expect(await all).toEqual([1, 1, 1]);
		clock.advance(999);
		expect(await cache.get('k', load)).toBe(1);
		clock.advance(1);
		expect(await cache.get('k', load)).toBe(2);
	});

	it('shares a load with ttl 0 but keeps nothing; failures are not cached', async () => {
		const cache = new CoalescingCache<string>(new ManualClock(0));
		let n = 0;
		expect(await cache.get('k', async () => ({ value: `v${++n}`, ttlMs: 0 }))).toBe('v1');
		expect(await cache.get('k', async () => ({ value: `v${++n}`, ttlMs: 0 }))).toBe('v2');
		await expect(cache.get('e', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await cache.get('e', async () => ({ value: 'ok', ttlMs: 10 }))).toBe('ok');
	});

	it('staleBeforeMs reloads once, and reuses a value someone else already refreshed', async () => {
		const clock = new ManualClock(100);
		const cache = new CoalescingCache<number>(clock);
		let loads = 0;
		const load = async () => ({ value: ++loads, ttlMs: 60_000 });
		await cache.get('k', load); // loaded at 100
		clock.advance(10);
		const [a, b] = await Promise.all([
			cache.get('k', load, { staleBeforeMs: 100 }),
			cache.get('k', load, { staleBeforeMs: 100 }),
		]);
		expect([a, b, loads]).toEqual([2, 2, 2]);
		// A caller that failed with the old value (loaded at 100) gets the refreshed one for free.
		expect(await cache.get('k', load, { staleBeforeMs: 100 })).toBe(2);
		expect(cache.peek('k')?.loadedAtMs).toBe(110);
	});

	it('evicts the oldest entries past its size', async () => {
		const cache = new CoalescingCache<number>(new ManualClock(0), 2);
		for (const k of ['a', 'b', 'c']) await cache.get(k, async () => ({ value: 1, ttlMs: 1000 }));
		expect(cache.size).toBe(2);
		expect(cache.peek('a')).toBeUndefined();
	});
});
