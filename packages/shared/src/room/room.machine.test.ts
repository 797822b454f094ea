import { describe, expect, it } from 'vitest';
import type { Media } from '../schemas/media.js';
import { expectedPositionMs } from '../playback/position.js';
import { reduceRoom, type CommandContext, type RoomCommand } from './room.machine.js';
import {
	DEFAULT_SYNC_SETTINGS,
	initialRoomState,
	roomPhase,
	scheduleLeadMs,
	toRoomPlayback,
	waitingFor,
	type RoomState,
} from './room.state.js';

const media: Media = {
	id: 'm1',
	kind: 'direct',
	url: 'https://x.test/a.mp4',
	format: 'mp4',
	durationMs: 600_000,
};
const T0 = 1_700_000_000_000;
const settings = DEFAULT_SYNC_SETTINGS;
const at = (nowMs: number, actor: string | null = 'alice'): CommandContext => ({
	nowMs,
	actor: actor === null ? null : { id: `u-${actor}`, name: actor },
	settings,
});

/** Apply commands in order at the given times; returns the final result. */
function run(state: RoomState, ...steps: [RoomCommand, number][]) {
	let result = { state, effects: [] as ReturnType<typeof reduceRoom>['effects'] };
	for (const [command, nowMs] of steps) result = reduceRoom(result.state, command, at(nowMs));
	return result;
}

const join = (id: string): RoomCommand => ({
	type: 'member-join',
	member: { id, userId: `u-${id}`, name: id.toUpperCase() },
});
const status = (memberId: string, s: 'ready' | 'buffering' | 'loading' | 'error'): RoomCommand => ({
	type: 'member-status',
	memberId,
	status: s,
});

/** A room with media loaded, members a and b ready, playing from 10 s since T0. */
function playingRoom(): RoomState {
	return run(
		initialRoomState(T0),
		[{ type: 'load', media, startMs: 10_000 }, T0],
		[join('a'), T0],
		[join('b'), T0],
		[status('a', 'ready'), T0],
		[status('b', 'ready'), T0],
		[{ type: 'play' }, T0],
	).state;
}

describe('playback commands', () => {
	it('starts idle, load pauses at the start position', () => {
		expect(roomPhase(initialRoomState(T0))).toBe('idle');
		const { state, effects } = reduceRoom(
			initialRoomState(T0),
			{ type: 'load', media, startMs: 12_000 },
			at(T0),
		);
		expect(roomPhase(state)).toBe('paused');
		expect(state.playback).toMatchObject({
			media,
			paused: true,
			positionMs: 12_000,
			anchorMs: T0,
			seq: 1,
			actor: 'alice',
		});
		expect(effects).toContainEqual({ kind: 'playback-changed' });
	});

	it.each<[string, RoomCommand]>([
		['play', { type: 'play' }],
		['pause', { type: 'pause' }],
		['seek', { type: 'seek', positionMs: 1 }],
		['rate', { type: 'rate', rate: 2 }],
	])('%s without media is rejected and changes nothing', (_n, command) => {
		const s = initialRoomState(T0);
		const r = reduceRoom(s, command, at(T0));
		expect(r.state).toBe(s);
		expect(r.effects).toEqual([{ kind: 'reject', code: 'no_media', message: expect.any(String) }]);
	});

	it('play is scheduled at now + lead (min 150 ms) from the paused position', () => {
		const loaded = run(initialRoomState(T0), [{ type: 'load', media, startMs: 5_000 }, T0]).state;
		const { state } = reduceRoom(loaded, { type: 'play', seq: 1 }, at(T0 + 1_000));
		expect(state.playback).toMatchObject({
			paused: false,
			positionMs: 5_000,
			anchorMs: T0 + 1_150,
			seq: 2,
		});
		expect(expectedPositionMs(state.playback, T0 + 1_100)).toBe(5_000);
		expect(expectedPositionMs(state.playback, T0 + 2_150)).toBe(6_000);
	});

	it('the lead grows with the worst member RTT, within bounds', () => {
		let s = run(initialRoomState(T0), [join('a'), T0], [join('b'), T0]).state;
		expect(scheduleLeadMs(s, settings)).toBe(150);
		s = reduceRoom(
			s,
			{ type: 'member-drift', memberId: 'b', driftMs: 0, kind: 'frame', rttMs: 120 },
			at(T0),
		).state;
		expect(scheduleLeadMs(s, settings)).toBe(240);
		s = reduceRoom(
			s,
			{ type: 'member-drift', memberId: 'a', driftMs: 0, kind: 'frame', rttMs: 5_000 },
			at(T0),
		).state;
		expect(scheduleLeadMs(s, settings)).toBe(1_000);
	});

	it('pause takes effect immediately at the extrapolated position', () => {
		const s = playingRoom();
		const { state } = reduceRoom(s, { type: 'pause', seq: s.playback.seq }, at(T0 + 2_150));
		expect(state.playback).toMatchObject({
			paused: true,
			positionMs: 12_000,
			anchorMs: T0 + 2_150,
		});
	});

	it('seek while playing is scheduled; seek while paused is immediate', () => {
		const playing = playingRoom();
		const a = reduceRoom(playing, { type: 'seek', positionMs: 90_000 }, at(T0 + 5_000)).state;
		expect(a.playback).toMatchObject({ paused: false, positionMs: 90_000, anchorMs: T0 + 5_150 });
		const paused = reduceRoom(playing, { type: 'pause' }, at(T0 + 5_000)).state;
		const b = reduceRoom(paused, { type: 'seek', positionMs: 90_000 }, at(T0 + 6_000)).state;
		expect(b.playback).toMatchObject({ paused: true, positionMs: 90_000, anchorMs: T0 + 6_000 });
	});

	it('seek is clamped to the media duration and to zero', () => {
		const s = playingRoom();
		expect(reduceRoom(s, { type: 'seek', positionMs: 9e6 }, at(T0)).state.playback.positionMs).toBe(
			600_000,
		);
	});

	it('a rate change while playing keeps the timeline continuous at the switch instant', () => {
		const s = playingRoom(); // 10 s at T0 + 150
		const { state } = reduceRoom(s, { type: 'rate', rate: 2 }, at(T0 + 1_150));
		expect(state.playback).toMatchObject({ rate: 2, anchorMs: T0 + 1_300, positionMs: 11_150 });
		expect(expectedPositionMs(state.playback, T0 + 2_300)).toBe(13_150);
	});

	it('a command based on an older seq is rejected with the state unchanged', () => {
		const s = playingRoom();
		const r = reduceRoom(s, { type: 'pause', seq: s.playback.seq - 1 }, at(T0 + 500));
		expect(r.state).toBe(s);
		expect(r.effects).toEqual([{ kind: 'reject', code: 'stale_seq', message: expect.any(String) }]);
	});

	it('two simultaneous presses based on the same seq: the first wins, the second is stale', () => {
		const s = playingRoom();
		const seq = s.playback.seq;
		const first = reduceRoom(s, { type: 'pause', seq }, at(T0 + 1_000));
		const second = reduceRoom(first.state, { type: 'seek', positionMs: 0, seq }, at(T0 + 1_001));
		expect(first.state.playback.paused).toBe(true);
		expect(second.effects[0]).toMatchObject({ kind: 'reject', code: 'stale_seq' });
		expect(second.state).toBe(first.state);
	});

	it('repeating play while playing or pause while paused changes nothing', () => {
		const s = playingRoom();
		expect(reduceRoom(s, { type: 'play' }, at(T0 + 10)).effects).toEqual([]);
		const paused = reduceRoom(s, { type: 'pause' }, at(T0 + 10)).state;
		expect(reduceRoom(paused, { type: 'pause' }, at(T0 + 20)).effects).toEqual([]);
	});

	it('load resets every member to loading for the new media', () => {
		const s = playingRoom();
		const { state } = reduceRoom(
			s,
			{ type: 'load', media: { ...media, id: 'm2' }, startMs: 0 },
			at(T0 + 1),
		);
		expect(Object.values(state.members).map((m) => [m.status, m.readyOnce])).toEqual([
			['loading', false],
			['loading', false],
		]);
	});
});

describe('buffering barrier', () => {
	it('a ready member that buffers while playing makes everyone pause at one scheduled instant', () => {
		const s = playingRoom();
		const r = reduceRoom(s, status('b', 'buffering'), at(T0 + 3_150));
		expect(roomPhase(r.state)).toBe('waiting');
		expect(r.state.playback).toMatchObject({
			paused: true,
			anchorMs: T0 + 3_300,
			positionMs: 13_150,
		});
		expect(r.state.waiting).toEqual({
			sinceMs: T0 + 3_150,
			deadlineMs: T0 + 11_150,
			positionMs: 13_150,
		});
		expect(r.effects).toContainEqual({ kind: 'wait-timer', atMs: T0 + 11_150 });
		expect(toRoomPlayback('r', r.state, T0).waiting).toMatchObject({
			memberIds: ['b'],
			names: ['B'],
		});
	});

	it('resumes, scheduled, from the wait position once nobody is left buffering', () => {
		const waiting = reduceRoom(playingRoom(), status('b', 'buffering'), at(T0 + 3_150)).state;
		const r = reduceRoom(waiting, status('b', 'ready'), at(T0 + 5_000));
		expect(roomPhase(r.state)).toBe('playing');
		expect(r.state.playback).toMatchObject({
			paused: false,
			positionMs: 13_150,
			anchorMs: T0 + 5_150,
		});
		expect(r.effects).toContainEqual({ kind: 'wait-timer', atMs: null });
	});

	it('gives up at the deadline and does not wait for that member again until it is ready', () => {
		const waiting = reduceRoom(playingRoom(), status('b', 'buffering'), at(T0 + 3_150)).state;
		const early = reduceRoom(waiting, { type: 'wait-timeout' }, at(T0 + 5_000));
		expect(roomPhase(early.state)).toBe('waiting');
		const late = reduceRoom(waiting, { type: 'wait-timeout' }, at(T0 + 11_150));
		expect(roomPhase(late.state)).toBe('playing');
		expect(late.state.members.b?.skipWait).toBe(true);
		// b keeps buffering, then recovers, then buffers again: now it may stall the room once more.
		const again = run(
			late.state,
			[status('b', 'ready'), T0 + 12_000],
			[status('b', 'buffering'), T0 + 13_000],
		);
		expect(roomPhase(again.state)).toBe('waiting');
	});

	it('late joiners, opted-out members and members in error never stall the room', () => {
		let s = run(
			playingRoom(),
			[join('c'), T0 + 1_000],
			[status('c', 'buffering'), T0 + 1_100],
		).state;
		expect(roomPhase(s)).toBe('playing');
		s = reduceRoom(
			s,
			{ type: 'member-settings', memberId: 'b', noWait: true },
			at(T0 + 1_200),
		).state;
		s = reduceRoom(s, status('b', 'buffering'), at(T0 + 1_300)).state;
		expect(roomPhase(s)).toBe('playing');
		s = reduceRoom(s, status('a', 'error'), at(T0 + 1_400)).state;
		expect(roomPhase(s)).toBe('playing');
		expect(waitingFor(s)).toEqual([]);
	});

	it('opting out or leaving while the room waits for you lets it continue', () => {
		const waiting = reduceRoom(playingRoom(), status('b', 'buffering'), at(T0 + 3_150)).state;
		const optOut = reduceRoom(
			waiting,
			{ type: 'member-settings', memberId: 'b', noWait: true },
			at(T0 + 4_000),
		);
		expect(roomPhase(optOut.state)).toBe('playing');
		const leave = reduceRoom(waiting, { type: 'member-leave', memberId: 'b' }, at(T0 + 4_000));
		expect(roomPhase(leave.state)).toBe('playing');
		expect(leave.state.members.b).toBeUndefined();
	});

	it('play during a wait forces playback and stops waiting for the stragglers', () => {
		const waiting = reduceRoom(playingRoom(), status('b', 'buffering'), at(T0 + 3_150)).state;
		const r = reduceRoom(waiting, { type: 'play' }, at(T0 + 4_000));
		expect(roomPhase(r.state)).toBe('playing');
		expect(r.state.playback.positionMs).toBe(13_150);
		expect(r.state.members.b?.skipWait).toBe(true);
	});

	it('pause during a wait pauses at the wait position', () => {
		const waiting = reduceRoom(playingRoom(), status('b', 'buffering'), at(T0 + 3_150)).state;
		const r = reduceRoom(waiting, { type: 'pause' }, at(T0 + 4_000));
		expect(roomPhase(r.state)).toBe('paused');
		expect(r.state.playback.positionMs).toBe(13_150);
		expect(r.effects).toContainEqual({ kind: 'wait-timer', atMs: null });
	});

	it('a waiting limit of 0 disables waiting', () => {
		const s = playingRoom();
		const r = reduceRoom(s, status('b', 'buffering'), {
			nowMs: T0 + 1,
			actor: null,
			settings: { ...settings, waitMaxMs: 0 },
		});
		expect(roomPhase(r.state)).toBe('playing');
	});

	it('ignores status reports about other media and about unknown members', () => {
		const s = playingRoom();
		expect(
			reduceRoom(
				s,
				{ type: 'member-status', memberId: 'b', status: 'buffering', mediaId: 'old' },
				at(T0),
			).state,
		).toBe(s);
		expect(reduceRoom(s, status('nobody', 'buffering'), at(T0)).state).toBe(s);
	});
});
