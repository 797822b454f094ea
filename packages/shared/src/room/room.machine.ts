/**
 * The room's state machine as a pure reducer: `(state, command, {nowMs, actor, settings}) →
 * {state, effects}` (Jellyfin's group states idle / paused / playing / waiting, made pure). The
 * server applies commands one at a time per room and performs the effects; nothing here reads a
 * clock or does I/O.
 *
 * Scheduling: play, seek-while-playing and rate changes take effect at `anchorMs = now + lead`
 * (lead ≈ 2 × the worst member RTT, ≥ 150 ms) so every client switches on the same instant. A
 * buffering member (that has been ready on this media, and has not opted out) makes the room wait:
 * everyone pauses at one scheduled instant, and the room resumes when the member is ready again
 * or after `waitMaxMs`. Late joiners never stall the room.
 */
import type { ErrorCode } from '../schemas/errors.js';
import type { Media } from '../schemas/media.js';
import type { PlaybackState } from '../schemas/playback.js';
import { expectedPositionMs } from '../playback/position.js';
import { reduceMember, resumeIfNobodyToWaitFor, type MemberCommand } from './room.members.js';
import { reduceQueue, type QueueRoomCommand } from './room.queue.js';
import { reduceRules, type RulesCommand } from './room.rules.js';
import {
	clampToMedia,
	mayControl,
	scheduleLeadMs,
	type Actor,
	type RoomState,
	type SyncSettings,
} from './room.state.js';

export type PlaybackCommandInput =
	| { type: 'load'; media: Media; startMs: number; autoplay?: boolean }
	| { type: 'play'; positionMs?: number }
	| { type: 'pause'; positionMs?: number }
	| { type: 'seek'; positionMs: number }
	| { type: 'rate'; rate: number };

/** Everything the reducer handles. `seq` (when given) is the state the sender was looking at. */
export type RoomCommand =
	| (PlaybackCommandInput & { seq?: number })
	| MemberCommand
	| QueueRoomCommand
	| RulesCommand
	| { type: 'wait-timeout' };

export interface CommandContext {
	/** Server time the command is applied at. */
	nowMs: number;
	/** Who sent it (null: the server itself, e.g. a timer). */
	actor: Actor | null;
	settings: SyncSettings;
}

export type RoomEffect =
	| { kind: 'playback-changed' }
	| { kind: 'members-changed' }
	/** (Re)arm the wait timer for `atMs`, or cancel it (null). */
	| { kind: 'wait-timer'; atMs: number | null }
	/** The room's rules or queue changed. */
	| { kind: 'room-changed' }
	/** (Re)arm the host-absence timer, or cancel it (null). */
	| { kind: 'host-timer'; atMs: number | null }
	| { kind: 'reject'; code: ErrorCode; message: string };

export interface ReduceResult {
	state: RoomState;
	effects: RoomEffect[];
}

export const unchanged = (state: RoomState): ReduceResult => ({ state, effects: [] });

export const reject = (state: RoomState, code: ErrorCode, message: string): ReduceResult => ({
	state,
	effects: [{ kind: 'reject', code, message }],
});

/** A new playback state (seq + 1), clearing any wait. */
export function withPlayback(
	state: RoomState,
	next: Omit<PlaybackState, 'seq' | 'media'> & { media?: Media | null },
	extra: RoomEffect[] = [],
): ReduceResult {
	const playback: PlaybackState = {
		media: state.playback.media,
		...next,
		seq: state.playback.seq + 1,
	};
	const effects: RoomEffect[] = [{ kind: 'playback-changed' }, ...extra];
	if (state.waiting !== null) effects.push({ kind: 'wait-timer', atMs: null });
	return { state: { ...state, playback, waiting: null }, effects };
}

export function load(
	state: RoomState,
	cmd: Extract<PlaybackCommandInput, { type: 'load' }>,
	ctx: CommandContext,
): ReduceResult {
	const members = Object.fromEntries(
		Object.entries(state.members).map(([id, m]) => [
			id,
			{ ...m, status: 'loading' as const, readyOnce: false, skipWait: false, driftMs: null },
		]),
	);
	const positionMs = clampToMedia(cmd.startMs, cmd.media);
	const lead = Math.max(ctx.settings.autoplayLeadMs, scheduleLeadMs(state, ctx.settings));
	const result = withPlayback(
		{ ...state, members },
		cmd.autoplay
			? {
					media: cmd.media,
					paused: false,
					positionMs,
					anchorMs: ctx.nowMs + lead,
					rate: state.playback.rate,
					actor: ctx.actor?.name ?? null,
				}
			: {
					media: cmd.media,
					paused: true,
					positionMs,
					anchorMs: ctx.nowMs,
					rate: state.playback.rate,
					actor: ctx.actor?.name ?? null,
				},
		[{ kind: 'members-changed' }],
	);
	return result;
}

function play(state: RoomState, positionMs: number | undefined, ctx: CommandContext): ReduceResult {
	const { playback } = state;
	if (!playback.paused && state.waiting === null && positionMs === undefined)
		return unchanged(state);
	// Forced play during a wait: stop waiting for the current stragglers.
	const members = { ...state.members };
	if (state.waiting !== null) {
		for (const [id, m] of Object.entries(members))
			if (m.status === 'buffering') members[id] = { ...m, skipWait: true };
	}
	const from = state.waiting?.positionMs ?? expectedPositionMs(playback, ctx.nowMs);
	const lead = scheduleLeadMs(state, ctx.settings);
	return withPlayback(
		{ ...state, members },
		{
			paused: false,
			positionMs: clampToMedia(positionMs ?? from, playback.media),
			anchorMs: ctx.nowMs + lead,
			rate: playback.rate,
			actor: ctx.actor?.name ?? null,
		},
	);
}

function pause(
	state: RoomState,
	positionMs: number | undefined,
	ctx: CommandContext,
): ReduceResult {
	const { playback } = state;
	if (playback.paused && state.waiting === null && positionMs === undefined)
		return unchanged(state);
	const at = state.waiting?.positionMs ?? expectedPositionMs(playback, ctx.nowMs);
	return withPlayback(state, {
		paused: true,
		positionMs: clampToMedia(positionMs ?? at, playback.media),
		anchorMs: ctx.nowMs,
		rate: playback.rate,
		actor: ctx.actor?.name ?? null,
	});
}

function seek(state: RoomState, positionMs: number, ctx: CommandContext): ReduceResult {
	const { playback } = state;
	const playing = !playback.paused || state.waiting !== null;
	return withPlayback(state, {
		paused: !playing,
		positionMs: clampToMedia(positionMs, playback.media),
		anchorMs: playing ? ctx.nowMs + scheduleLeadMs(state, ctx.settings) : ctx.nowMs,
		rate: playback.rate,
		actor: ctx.actor?.name ?? null,
	});
}

function setRate(state: RoomState, rate: number, ctx: CommandContext): ReduceResult {
	const { playback } = state;
	if (rate === playback.rate) return unchanged(state);
	if (playback.paused || state.waiting !== null) {
		const result = withPlayback(state, { ...playback, rate, actor: ctx.actor?.name ?? null });
		// A rate change does not end a wait.
		return state.waiting === null
			? result
			: {
					state: { ...result.state, waiting: state.waiting },
					effects: [{ kind: 'playback-changed' }],
				};
	}
	const anchorMs = ctx.nowMs + scheduleLeadMs(state, ctx.settings);
	return withPlayback(state, {
		paused: false,
		positionMs: expectedPositionMs(playback, anchorMs),
		anchorMs,
		rate,
		actor: ctx.actor?.name ?? null,
	});
}

function waitTimeout(state: RoomState, ctx: CommandContext): ReduceResult {
	if (state.waiting === null) return unchanged(state);
	if (ctx.nowMs < state.waiting.deadlineMs)
		return { state, effects: [{ kind: 'wait-timer', atMs: state.waiting.deadlineMs }] };
	// Give up on the stragglers: they are not waited for again until they have been ready.
	const members = { ...state.members };
	for (const [id, m] of Object.entries(members))
		if (m.status === 'buffering') members[id] = { ...m, skipWait: true };
	const resumed = resumeIfNobodyToWaitFor({ ...state, members }, ctx);
	return { state: resumed.state, effects: [...resumed.effects, { kind: 'members-changed' }] };
}

/** Apply one command. Rejections leave the state untouched. */
export function reduceRoom(
	state: RoomState,
	command: RoomCommand,
	ctx: CommandContext,
): ReduceResult {
	switch (command.type) {
		case 'member-join':
		case 'member-leave':
		case 'member-status':
		case 'member-settings':
		case 'member-drift':
			return reduceMember(state, command, ctx);
		case 'wait-timeout':
			return waitTimeout(state, ctx);
		case 'queue-add':
		case 'queue-remove':
		case 'queue-move':
		case 'queue-play':
		case 'queue-next':
		case 'advance':
		case 'media-duration':
		case 'media-upgrade':
		case 'queue-prepared':
			return reduceQueue(state, command, ctx);
		case 'set-control-mode':
		case 'set-host':
		case 'rename':
		case 'host-timeout':
			return reduceRules(state, command, ctx);
	}
	if (!mayControl(state, ctx.actor)) {
		return reject(
			state,
			'not_allowed',
			'Only the host controls playback in this room. You can ask the host instead.',
		);
	}
	if (command.seq !== undefined && command.seq < state.playback.seq) {
		return reject(
			state,
			'stale_seq',
			'Someone changed the playback first; here is the current state.',
		);
	}
	if (command.type === 'load') return load(state, command, ctx);
	if (state.playback.media === null)
		return reject(state, 'no_media', 'Nothing is loaded in this room yet.');
	switch (command.type) {
		case 'play':
			return play(state, command.positionMs, ctx);
		case 'pause':
			return pause(state, command.positionMs, ctx);
		case 'seek':
			return seek(state, command.positionMs, ctx);
		case 'rate':
			return setRate(state, command.rate, ctx);
	}
}
