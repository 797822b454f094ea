/**
 * Member commands of the room reducer: joining, leaving, player status, settings and drift
 * reports — and the buffering barrier they drive (enter waiting, resume when nobody is left to
 * wait for).
 */
import type { DriftKind, PlayerStatus } from '../schemas/sync.js';
import { expectedPositionMs } from '../playback/position.js';
import type { CommandContext, ReduceResult, RoomEffect } from './room.machine.js';
import { trackHostPresence } from './room.rules.js';
import {
	canStallRoom,
	scheduleLeadMs,
	waitingFor,
	type MemberRecord,
	type RoomState,
} from './room.state.js';

export type MemberCommand =
	| { type: 'member-join'; member: { id: string; userId: string; name: string } }
	| { type: 'member-leave'; memberId: string }
	| { type: 'member-status'; memberId: string; status: PlayerStatus; mediaId?: string | null }
	| { type: 'member-settings'; memberId: string; noWait: boolean }
	| { type: 'member-drift'; memberId: string; driftMs: number; kind: DriftKind; rttMs?: number };

const membersChanged: RoomEffect = { kind: 'members-changed' };

function putMember(state: RoomState, member: MemberRecord): RoomState {
	return { ...state, members: { ...state.members, [member.id]: member } };
}

/** If the room waits and nobody is left to wait for, resume at the scheduled instant. */
export function resumeIfNobodyToWaitFor(state: RoomState, ctx: CommandContext): ReduceResult {
	if (state.waiting === null || waitingFor(state).length > 0) return { state, effects: [] };
	const anchorMs = ctx.nowMs + scheduleLeadMs(state, ctx.settings);
	const playback = {
		...state.playback,
		paused: false,
		positionMs: state.waiting.positionMs,
		anchorMs,
		seq: state.playback.seq + 1,
		actor: null,
	};
	return {
		state: { ...state, playback, waiting: null },
		effects: [{ kind: 'playback-changed' }, { kind: 'wait-timer', atMs: null }],
	};
}

/** A member stalled while the room plays: everyone pauses at one scheduled instant. */
function startWaiting(state: RoomState, ctx: CommandContext): ReduceResult {
	const anchorMs = ctx.nowMs + scheduleLeadMs(state, ctx.settings);
	const positionMs = expectedPositionMs(state.playback, anchorMs);
	const deadlineMs = ctx.nowMs + ctx.settings.waitMaxMs;
	return {
		state: {
			...state,
			playback: {
				...state.playback,
				paused: true,
				positionMs,
				anchorMs,
				seq: state.playback.seq + 1,
				actor: null,
			},
			waiting: { sinceMs: ctx.nowMs, deadlineMs, positionMs },
		},
		effects: [{ kind: 'playback-changed' }, { kind: 'wait-timer', atMs: deadlineMs }],
	};
}

function setStatus(
	state: RoomState,
	member: MemberRecord,
	status: PlayerStatus,
	ctx: CommandContext,
): ReduceResult {
	if (member.status === status) return { state, effects: [] };
	const ready = status === 'ready';
	const next = putMember(state, {
		...member,
		status,
		readyOnce: member.readyOnce || ready,
		skipWait: ready ? false : member.skipWait,
	});
	const updated = next.members[member.id] as MemberRecord;
	const playing = !state.playback.paused && state.waiting === null && state.playback.media !== null;
	if (status === 'buffering' && playing && canStallRoom(updated) && ctx.settings.waitMaxMs > 0) {
		const waiting = startWaiting(next, ctx);
		return { state: waiting.state, effects: [...waiting.effects, membersChanged] };
	}
	const resumed = resumeIfNobodyToWaitFor(next, ctx);
	return { state: resumed.state, effects: [...resumed.effects, membersChanged] };
}

export function reduceMember(
	state: RoomState,
	command: MemberCommand,
	ctx: CommandContext,
): ReduceResult {
	if (command.type === 'member-join') {
		const member: MemberRecord = {
			...command.member,
			status: 'loading',
			driftMs: null,
			driftKind: null,
			rttMs: null,
			noWait: state.prefs[command.member.userId]?.noWait ?? false,
			readyOnce: false,
			skipWait: false,
		};
		const hosted = trackHostPresence(putMember(state, member), ctx);
		return { state: hosted.state, effects: [membersChanged, ...hosted.effects] };
	}
	const member = state.members[command.memberId];
	if (!member) return { state, effects: [] };
	switch (command.type) {
		case 'member-leave': {
			const { [command.memberId]: _gone, ...members } = state.members;
			const resumed = resumeIfNobodyToWaitFor({ ...state, members }, ctx);
			const hosted = trackHostPresence(resumed.state, ctx);
			return {
				state: hosted.state,
				effects: [...resumed.effects, membersChanged, ...hosted.effects],
			};
		}
		case 'member-status': {
			const current = state.playback.media?.id ?? null;
			// A report about media the room has moved away from says nothing about now.
			if (command.mediaId !== undefined && command.mediaId !== current)
				return { state, effects: [] };
			return setStatus(state, member, command.status, ctx);
		}
		case 'member-settings': {
			const withMember = putMember(state, { ...member, noWait: command.noWait });
			const next = {
				...withMember,
				prefs: { ...state.prefs, [member.userId]: { noWait: command.noWait } },
			};
			const resumed = resumeIfNobodyToWaitFor(next, ctx);
			return { state: resumed.state, effects: [...resumed.effects, membersChanged] };
		}
		case 'member-drift':
			return {
				state: putMember(state, {
					...member,
					driftMs: command.driftMs,
					driftKind: command.kind,
					rttMs: command.rttMs ?? member.rttMs,
				}),
				effects: [membersChanged],
			};
	}
}
