import { describe, expect, it } from 'vitest';
import type { Media } from '../schemas/media.js';
import { expectedPositionMs } from '../playback/position.js';
import { reduceRoom, type CommandContext, type RoomCommand } from './room.machine.js';
import {
	DEFAULT_SYNC_SETTINGS,
	initialRoomState,
	persistableRoom,
	restoreRoomState,
	roomPhase,
	type RoomState,
} from './room.state.js';

const T0 = 1_700_000_000_000;
const settings = DEFAULT_SYNC_SETTINGS;
const ctx = (nowMs: number): CommandContext => ({
	nowMs,
	actor: { id: 'u-a', name: 'A' },
	settings,
});
const media: Media = { id: 'm', kind: 'direct', url: 'https://x.test/m.mp4', format: 'mp4' };
const run = (s: RoomState, ...commands: RoomCommand[]) =>
	commands.reduce((acc, c) => reduceRoom(acc, c, ctx(T0)).state, s);
const join = (id: string, userId: string): RoomCommand => ({
	type: 'member-join',
	member: { id, userId, name: userId },
});

describe('restart', () => {
	it('a playing room continues where the clock says, without its old connections', () => {
		const playing = run(
			initialRoomState(T0),
			join('c1', 'a'),
			{ type: 'load', media, startMs: 0 },
			{ type: 'play' },
		);
		const saved = JSON.parse(JSON.stringify(persistableRoom(playing))) as RoomState;
		expect(saved.members).toEqual({});
		const restored = restoreRoomState(saved, T0 + 60_000, settings);
		expect(roomPhase(restored)).toBe('playing');
		expect(restored.playback).toEqual(playing.playback);
		expect(expectedPositionMs(restored.playback, T0 + 60_150)).toBe(60_000);
	});

	it('a room that was waiting for a buffering viewer resumes (nobody is left to wait for)', () => {
		let s = run(initialRoomState(T0), join('c1', 'a'), join('c2', 'b'), {
			type: 'load',
			media,
			startMs: 0,
		});
		s = run(
			s,
			{ type: 'member-status', memberId: 'c1', status: 'ready' },
			{ type: 'member-status', memberId: 'c2', status: 'ready' },
			{ type: 'play' },
		);
		s = reduceRoom(
			s,
			{ type: 'member-status', memberId: 'c2', status: 'buffering' },
			ctx(T0 + 5_150),
		).state;
		expect(roomPhase(s)).toBe('waiting');
		const restored = restoreRoomState(persistableRoom(s), T0 + 20_000, settings);
		expect(roomPhase(restored)).toBe('playing');
		expect(restored.playback).toMatchObject({
			paused: false,
			positionMs: s.waiting?.positionMs,
			anchorMs: T0 + 20_000 + settings.autoplayLeadMs,
			seq: s.playback.seq + 1,
		});
	});

	it('“don’t wait for me” is remembered per user across connections', () => {
		let s = run(initialRoomState(T0), join('c1', 'a'));
		s = run(
			s,
			{ type: 'member-settings', memberId: 'c1', noWait: true },
			{ type: 'member-leave', memberId: 'c1' },
		);
		const restored = restoreRoomState(persistableRoom(s), T0, settings);
		const back = run(restored, join('c9', 'a'));
		expect(back.members.c9?.noWait).toBe(true);
		expect(run(back, join('c10', 'b')).members.c10?.noWait).toBe(false);
	});
});
