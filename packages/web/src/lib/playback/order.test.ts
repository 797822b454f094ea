import { describe, expect, it } from 'vitest';
import { isFreshState, StateOrder } from './order.js';

describe('isFreshState', () => {
	it('rejects a lower seq for the same room only', () => {
		const last = new Map([['default', 5]]);
		expect(isFreshState(last, { room: 'default', seq: 4 })).toBe(false);
		expect(isFreshState(last, { room: 'default', seq: 5 })).toBe(true);
		expect(isFreshState(last, { room: 'default', seq: 6 })).toBe(true);
		expect(isFreshState(last, { room: 'other', seq: 1 })).toBe(true);
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
