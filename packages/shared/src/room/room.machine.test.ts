import { describe, expect, it } from 'vitest';
import type { Media } from '../schemas/media.js';
import { expectedPositionMs } from '../playback/position.js';
import { initialPlaybackState, reduceRoom, type RoomCommand } from './room.machine.js';

const media: Media = {
	id: 'bilibili:BV1y7411Q7Eq:p1',
	kind: 'bilibili',
	url: 'https://www.bilibili.com/video/BV1y7411Q7Eq',
	durationMs: 60_000,
};
const T0 = 1_700_000_000_000;
const ctx = (nowMs: number, actor = 'alice') => ({ nowMs, actor });

function loaded(startMs = 0) {
	return reduceRoom(initialPlaybackState(T0), { type: 'load', media, startMs }, ctx(T0)).state;
}

describe('reduceRoom', () => {
	it('starts idle with no media', () => {
		const s = initialPlaybackState(T0);
		expect(s).toMatchObject({ media: null, paused: true, positionMs: 0, seq: 0, rate: 1 });
	});

	it('load sets media paused at the start position and bumps seq', () => {
		const s = loaded(12_000);
		expect(s).toMatchObject({
			media,
			paused: true,
			positionMs: 12_000,
			anchorMs: T0,
			seq: 1,
			actor: 'alice',
		});
	});

	it.each<[string, RoomCommand]>([
		['play', { type: 'play' }],
		['pause', { type: 'pause' }],
		['seek', { type: 'seek', positionMs: 5 }],
	])('%s without media is rejected and changes nothing', (_name, command) => {
		const s = initialPlaybackState(T0);
		const r = reduceRoom(s, command, ctx(T0 + 10));
		expect(r.state).toBe(s);
		expect(r.effects).toEqual([{ kind: 'reject', code: 'no_media', message: expect.any(String) }]);
	});

	it.each([
		// [command, nowMs offset, expected paused, expected positionMs]
		[{ type: 'play', positionMs: 3_000 } as RoomCommand, 1_000, false, 3_000],
		[{ type: 'play' } as RoomCommand, 1_000, false, 0],
		[{ type: 'seek', positionMs: 42_000 } as RoomCommand, 500, true, 42_000],
		[{ type: 'seek', positionMs: 99_000 } as RoomCommand, 500, true, 60_000],
		[{ type: 'pause', positionMs: 7_500 } as RoomCommand, 500, true, 7_500],
	])('%o at +%i ms → paused=%s position=%i', (command, dt, paused, positionMs) => {
		const r = reduceRoom(loaded(), command, ctx(T0 + dt, 'bob'));
		expect(r.state).toMatchObject({ paused, positionMs, anchorMs: T0 + dt, seq: 2, actor: 'bob' });
		expect(r.effects).toEqual([{ kind: 'broadcast-state' }]);
	});

	it('pause without a position freezes the extrapolated position', () => {
		const playing = reduceRoom(loaded(), { type: 'play', positionMs: 1_000 }, ctx(T0)).state;
		const paused = reduceRoom(playing, { type: 'pause' }, ctx(T0 + 2_500)).state;
		expect(paused.positionMs).toBe(3_500);
		expect(expectedPositionMs(paused, T0 + 10_000)).toBe(3_500);
	});

	it('seek while playing keeps playing from the new position', () => {
		const playing = reduceRoom(loaded(), { type: 'play', positionMs: 0 }, ctx(T0)).state;
		const sought = reduceRoom(playing, { type: 'seek', positionMs: 30_000 }, ctx(T0 + 1_000)).state;
		expect(sought.paused).toBe(false);
		expect(expectedPositionMs(sought, T0 + 3_000)).toBe(32_000);
	});
});
