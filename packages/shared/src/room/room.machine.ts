/**
 * The room's playback state machine as a pure reducer: `(state, command, {nowMs, actor}) → {state,
 * effects}`. It never reads a clock or touches I/O; the server's room service applies commands one
 * at a time (per-room serial queue) and performs the effects.
 *
 * Positions given by commands are where the actor's player was when they pressed; the new state
 * anchors that position at the server time the command is applied.
 */
import type { ErrorCode } from '../schemas/errors.js';
import type { Media } from '../schemas/media.js';
import type { PlaybackState } from '../schemas/playback.js';
import { expectedPositionMs } from '../playback/position.js';

export type RoomCommand =
	| { type: 'load'; media: Media; startMs: number }
	| { type: 'play'; positionMs?: number }
	| { type: 'pause'; positionMs?: number }
	| { type: 'seek'; positionMs: number };

export interface CommandContext {
	/** Server time the command is applied at. */
	nowMs: number;
	/** Display name of who sent it. */
	actor: string | null;
}

export type RoomEffect =
	{ kind: 'broadcast-state' } | { kind: 'reject'; code: ErrorCode; message: string };

export interface ReduceResult {
	state: PlaybackState;
	effects: RoomEffect[];
}

/** A room nobody has loaded anything into yet. */
export function initialPlaybackState(nowMs: number): PlaybackState {
	return {
		media: null,
		paused: true,
		positionMs: 0,
		anchorMs: nowMs,
		rate: 1,
		seq: 0,
		actor: null,
	};
}

function clampPosition(positionMs: number, media: Media | null): number {
	const max = media?.durationMs;
	const clamped = Math.max(0, positionMs);
	return max === undefined ? clamped : Math.min(clamped, max);
}

function changed(prev: PlaybackState, next: Omit<PlaybackState, 'seq'>): ReduceResult {
	return { state: { ...next, seq: prev.seq + 1 }, effects: [{ kind: 'broadcast-state' }] };
}

function reject(state: PlaybackState, code: ErrorCode, message: string): ReduceResult {
	return { state, effects: [{ kind: 'reject', code, message }] };
}

/** Apply one command. Rejections leave the state untouched. */
export function reduceRoom(
	state: PlaybackState,
	command: RoomCommand,
	ctx: CommandContext,
): ReduceResult {
	const { nowMs, actor } = ctx;
	if (command.type === 'load') {
		return changed(state, {
			media: command.media,
			paused: true,
			positionMs: clampPosition(command.startMs, command.media),
			anchorMs: nowMs,
			rate: state.rate,
			actor,
		});
	}
	if (state.media === null) {
		return reject(state, 'no_media', 'Nothing is loaded in this room yet.');
	}
	const current = expectedPositionMs(state, nowMs);
	const at = (requested: number | undefined) => clampPosition(requested ?? current, state.media);
	switch (command.type) {
		case 'play':
			return changed(state, {
				...state,
				paused: false,
				positionMs: at(command.positionMs),
				anchorMs: nowMs,
				actor,
			});
		case 'pause':
			return changed(state, {
				...state,
				paused: true,
				positionMs: at(command.positionMs),
				anchorMs: nowMs,
				actor,
			});
		case 'seek':
			return changed(state, {
				...state,
				positionMs: at(command.positionMs),
				anchorMs: nowMs,
				actor,
			});
	}
}
