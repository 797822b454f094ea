import { describe, expect, it } from 'vitest';
import type { Media } from '../schemas/media.js';
import { reduceRoom, type CommandContext, type RoomCommand } from './room.machine.js';
import { DEFAULT_SYNC_SETTINGS, initialRoomState, type RoomState } from './room.state.js';

const T0 = 1_700_000_000_000;
const settings = DEFAULT_SYNC_SETTINGS;
const host = { id: 'u-host', name: 'Host' };
const guest = { id: 'u-guest', name: 'Guest' };
const ctx = (nowMs: number, actor: CommandContext['actor'] = host): CommandContext => ({
	nowMs,
	actor,
	settings,
});
const media: Media = { id: 'm', kind: 'direct', url: 'https://x.test/m.mp4', format: 'mp4' };
const apply = (s: RoomState, c: RoomCommand, context = ctx(T0)) => reduceRoom(s, c, context);
const join = (id: string, who: { id: string; name: string }): RoomCommand => ({
	type: 'member-join',
	member: { id, userId: who.id, name: who.name },
});

function room(mode: 'everyone' | 'host'): RoomState {
	let s = initialRoomState(T0, {
		id: 'r',
		controlMode: mode,
		hostId: host.id,
		hostName: host.name,
		createdBy: host.id,
	});
	s = apply(s, join('c1', host)).state;
	s = apply(s, join('c2', guest)).state;
	return apply(s, { type: 'load', media, startMs: 0 }).state;
}

describe('control modes', () => {
	it.each<[RoomCommand]>([
		[{ type: 'play' }],
		[{ type: 'pause' }],
		[{ type: 'seek', positionMs: 5 }],
		[{ type: 'rate', rate: 2 }],
		[{ type: 'load', media, startMs: 0 }],
	])('host-only: a guest’s %o is rejected with not_allowed and changes nothing', (command) => {
		const s = room('host');
		const r = apply(s, command, ctx(T0, guest));
		expect(r.state).toBe(s);
		expect(r.effects).toEqual([
			{ kind: 'reject', code: 'not_allowed', message: expect.stringMatching(/host/) },
		]);
	});

	it('host-only: the host controls; everyone mode: anyone controls', () => {
		expect(apply(room('host'), { type: 'play' }).state.playback.paused).toBe(false);
		expect(apply(room('everyone'), { type: 'play' }, ctx(T0, guest)).state.playback.paused).toBe(
			false,
		);
	});

	it('only the host switches the mode; rooms without a host stay open to everyone', () => {
		const s = room('everyone');
		expect(
			apply(s, { type: 'set-control-mode', mode: 'host' }, ctx(T0, guest)).effects[0],
		).toMatchObject({ code: 'not_allowed' });
		expect(apply(s, { type: 'set-control-mode', mode: 'host' }).state.info.controlMode).toBe(
			'host',
		);
		const open = initialRoomState(T0);
		expect(apply(open, { type: 'set-control-mode', mode: 'host' }).effects[0]).toMatchObject({
			code: 'not_allowed',
		});
	});

	it('the host hands the role to someone present', () => {
		const s = room('host');
		const r = apply(s, { type: 'set-host', userId: guest.id });
		expect(r.state.info).toMatchObject({ hostId: guest.id, hostName: 'Guest' });
		expect(apply(r.state, { type: 'play' }, ctx(T0, guest)).state.playback.paused).toBe(false);
		expect(apply(s, { type: 'set-host', userId: 'u-nobody' }).effects[0]).toMatchObject({
			code: 'not_found',
		});
		expect(
			apply(s, { type: 'set-host', userId: guest.id }, ctx(T0, guest)).effects[0],
		).toMatchObject({ code: 'not_allowed' });
	});

	it('the role passes on when the host stays away past the grace period, not before', () => {
		const s = room('host');
		const left = apply(s, { type: 'member-leave', memberId: 'c1' }, ctx(T0 + 1_000));
		expect(left.state.hostAwaySinceMs).toBe(T0 + 1_000);
		expect(left.effects).toContainEqual({ kind: 'host-timer', atMs: T0 + 61_000 });
		const early = apply(left.state, { type: 'host-timeout' }, ctx(T0 + 30_000, null));
		expect(early.state.info.hostId).toBe(host.id);
		const back = apply(left.state, join('c3', host), ctx(T0 + 30_000));
		expect(back.state.hostAwaySinceMs).toBeNull();
		expect(back.effects).toContainEqual({ kind: 'host-timer', atMs: null });
		const late = apply(left.state, { type: 'host-timeout' }, ctx(T0 + 61_000, null));
		expect(late.state.info).toMatchObject({ hostId: guest.id, hostName: 'Guest' });
	});

	it('renames (host only) with a cleaned, bounded name', () => {
		const s = room('host');
		expect(apply(s, { type: 'rename', name: '  周末\n电影  夜 ' }).state.info.name).toBe(
			'周末 电影 夜',
		);
		expect(apply(s, { type: 'rename', name: 'x'.repeat(80) }).state.info.name).toHaveLength(40);
		expect(apply(s, { type: 'rename', name: '   ' }).effects[0]).toMatchObject({
			code: 'invalid_payload',
		});
		expect(apply(s, { type: 'rename', name: 'mine' }, ctx(T0, guest)).effects[0]).toMatchObject({
			code: 'not_allowed',
		});
	});
});
