import { describe, expect, it } from 'vitest';
import { syncIndicatorView, type SyncIndicatorInput } from './indicator.js';

const base: SyncIndicatorInput = {
	connected: true,
	phase: 'playing',
	waitingFor: [],
	player: {
		attached: true,
		status: 'ready',
		precision: 'frame',
		driftMs: 12,
		correcting: 'none',
		needsGesture: false,
	},
};
const view = (
	over: Partial<SyncIndicatorInput>,
	player: Partial<SyncIndicatorInput['player']> = {},
) => syncIndicatorView({ ...base, ...over, player: { ...base.player, ...player } });

describe('syncIndicatorView', () => {
	it('is in sync within the dead zone and says by how much', () => {
		expect(view({})).toEqual({
			state: 'in-sync',
			key: 'sync.inSync',
			params: { drift: 12 },
			resync: false,
		});
	});

	it('says correcting while nudging or outside the dead zone', () => {
		expect(view({}, { correcting: 'seek', driftMs: 20 }).state).toBe('correcting');
		expect(view({}, { correcting: 'rate', driftMs: 20 }).state).toBe('in-sync');
		expect(view({}, { correcting: 'rate', driftMs: 40 }).state).toBe('correcting');
		expect(view({}, { driftMs: -60 }).key).toBe('sync.correcting');
	});

	it('offers a resync when far off, saying behind or ahead', () => {
		expect(view({}, { driftMs: -340 })).toMatchObject({
			state: 'correcting',
			key: 'sync.behind',
			params: { drift: 340 },
			resync: true,
		});
		expect(view({}, { driftMs: 900 }).key).toBe('sync.ahead');
	});

	it('names whom the room waits for', () => {
		expect(view({ phase: 'waiting', waitingFor: ['小明'] })).toMatchObject({
			state: 'waiting',
			names: ['小明'],
		});
	});

	it('is honest about the embed and off when there is nothing to sync', () => {
		expect(view({}, { precision: 'estimated' }).state).toBe('estimated');
		expect(view({ phase: 'idle' }).state).toBe('off');
		expect(view({ connected: false }).state).toBe('off');
		expect(view({}, { needsGesture: true })).toMatchObject({
			state: 'off',
			key: 'sync.needsGesture',
		});
		expect(view({}, { status: 'error' })).toMatchObject({ state: 'off', key: 'sync.error' });
		expect(view({}, { status: 'buffering' }).state).toBe('correcting');
	});
});
