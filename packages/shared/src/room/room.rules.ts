/**
 * Rules commands of the room reducer: control mode, handing the host role on, renaming, and the
 * host role passing to someone present when the host has been gone longer than the grace period.
 */
import { ROOM_NAME_MAX } from '../schemas/room.js';
import type { ControlMode } from '../schemas/room.js';
import { reject, unchanged, type CommandContext, type ReduceResult } from './room.machine.js';
import type { MemberRecord, RoomState } from './room.state.js';

export type RulesCommand =
	| { type: 'set-control-mode'; mode: ControlMode }
	| { type: 'set-host'; userId: string }
	| { type: 'rename'; name: string }
	| { type: 'host-timeout' };

const roomChanged = { kind: 'room-changed' } as const;

/** Clean a room name: single-line, trimmed, bounded. */
export function cleanRoomName(raw: string): string {
	return [...raw.replace(/\s+/g, ' ').trim()].slice(0, ROOM_NAME_MAX).join('');
}

function isHost(state: RoomState, ctx: CommandContext): boolean {
	return ctx.actor === null || (state.info.hostId !== null && ctx.actor.id === state.info.hostId);
}

function presentMember(state: RoomState, userId: string): MemberRecord | undefined {
	return Object.values(state.members).find((m) => m.userId === userId);
}

export function reduceRules(
	state: RoomState,
	command: RulesCommand,
	ctx: CommandContext,
): ReduceResult {
	const { info } = state;
	switch (command.type) {
		case 'set-control-mode':
			if (info.hostId === null)
				return reject(state, 'not_allowed', 'This room has no host, so everyone controls it.');
			if (!isHost(state, ctx))
				return reject(state, 'not_allowed', 'Only the host can change who controls the room.');
			if (info.controlMode === command.mode) return unchanged(state);
			return {
				state: { ...state, info: { ...info, controlMode: command.mode } },
				effects: [roomChanged],
			};
		case 'set-host': {
			if (info.hostId === null) return reject(state, 'not_allowed', 'This room has no host.');
			if (!isHost(state, ctx))
				return reject(state, 'not_allowed', 'Only the host can hand the role on.');
			const target = presentMember(state, command.userId);
			if (!target) return reject(state, 'not_found', 'That person is not in the room.');
			return {
				state: {
					...state,
					info: { ...info, hostId: target.userId, hostName: target.name },
					hostAwaySinceMs: null,
				},
				effects: [roomChanged, { kind: 'host-timer', atMs: null }],
			};
		}
		case 'rename': {
			if (info.hostId === null || !isHost(state, ctx))
				return reject(state, 'not_allowed', 'Only the host can rename the room.');
			const name = cleanRoomName(command.name);
			if (name === '') return reject(state, 'invalid_payload', 'A room needs a name.');
			return { state: { ...state, info: { ...info, name } }, effects: [roomChanged] };
		}
		case 'host-timeout': {
			const since = state.hostAwaySinceMs;
			if (since === null || info.hostId === null) return unchanged(state);
			if (ctx.nowMs < since + ctx.settings.hostGraceMs) {
				return { state, effects: [{ kind: 'host-timer', atMs: since + ctx.settings.hostGraceMs }] };
			}
			const heir = Object.values(state.members)[0];
			if (!heir) return unchanged(state); // Nobody to pass it to: the next joiner restarts the clock.
			return {
				state: {
					...state,
					info: { ...info, hostId: heir.userId, hostName: heir.name },
					hostAwaySinceMs: null,
				},
				effects: [roomChanged],
			};
		}
	}
}

/** After members change: start or stop the host-absence clock. */
export function trackHostPresence(state: RoomState, ctx: CommandContext): ReduceResult {
	const { hostId } = state.info;
	if (hostId === null) return unchanged(state);
	const present = presentMember(state, hostId) !== undefined;
	if (present && state.hostAwaySinceMs !== null) {
		return {
			state: { ...state, hostAwaySinceMs: null },
			effects: [{ kind: 'host-timer', atMs: null }],
		};
	}
	if (!present && state.hostAwaySinceMs === null) {
		return {
			state: { ...state, hostAwaySinceMs: ctx.nowMs },
			effects: [{ kind: 'host-timer', atMs: ctx.nowMs + ctx.settings.hostGraceMs }],
		};
	}
	return unchanged(state);
}
