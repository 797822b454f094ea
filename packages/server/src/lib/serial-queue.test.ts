import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SerialQueue', () => {
	it('runs tasks of one key strictly in order, even when earlier ones are slower', async () => {
		const q = new SerialQueue();
		const order: string[] = [];
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const a = q.run('room', async () => {
			order.push('a:start');
			await gate;
			order.push('a:end');
		});
		const b = q.run('room', () => {
			order.push('b');
		});
		await tick();
		expect(order).toEqual(['a:start']);
		release();
		await Promise.all([a, b]);
		expect(order).toEqual(['a:start', 'a:end', 'b']);
	});

	it('keeps keys independent', async () => {
		const q = new SerialQueue();
		const order: string[] = [];
		const gate = new Promise<void>(() => {});
		void q.run('x', () => gate);
		await q.run('y', () => order.push('y'));
		expect(order).toEqual(['y']);
	});

	it('continues after a failing task and returns each result', async () => {
		const q = new SerialQueue();
		const failed = q.run('k', () => {
			throw new Error('boom');
		});
		const next = q.run('k', () => 42);
		await expect(failed).rejects.toThrow('boom');
		await expect(next).resolves.toBe(42);
		await tick();
		expect(q.activeKeys).toBe(0);
	});
});
