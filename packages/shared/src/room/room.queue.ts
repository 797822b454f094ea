/**
 * Queue commands of the room reducer: add, remove, reorder, play an item now, skip, the automatic
 * advance when the current media ends, and learning a media's duration from the players.
 */
import type { Media } from '../schemas/media.js';
import type { QueueItem } from '../schemas/room.js';
import {
	load,
	reject,
	unchanged,
	withPlayback,
	type CommandContext,
	type ReduceResult,
} from './room.machine.js';
import { mayControl, type RoomState } from './room.state.js';

/** Longest queue a room keeps. */
export const QUEUE_MAX = 200;

export type QueueRoomCommand =
	| { type: 'queue-add'; item: QueueItem }
	| { type: 'queue-remove'; itemId: string }
	| { type: 'queue-move'; itemId: string; toIndex: number }
	| { type: 'queue-play'; itemId: string }
	| { type: 'queue-next' }
	/** The current media reached its end (server timer); only acts if `mediaId` is still current. */
	| { type: 'advance'; mediaId: string }
	| { type: 'media-duration'; mediaId: string; durationMs: number }
	/** The server resolved the current media (e.g. Bilibili → native playback): same timeline, better player. */
	| { type: 'media-upgrade'; mediaId: string; media: Media }
	/** The server resolved a queued item ahead of its turn: it starts on the better player at once. */
	| { type: 'queue-prepared'; itemId: string; media: Media };

const roomChanged = { kind: 'room-changed' } as const;

function withQueue(state: RoomState, queue: QueueItem[]): RoomState {
	return { ...state, queue };
}

/** Start the first queued item (autoplay with a lead-in), or stop at the end when the queue is empty. */
function playNextFromQueue(state: RoomState, ctx: CommandContext): ReduceResult {
	const [next, ...rest] = state.queue;
	if (!next) {
		const duration = state.playback.media?.durationMs;
		if (state.playback.paused || duration === undefined) return unchanged(state);
		const ended = withPlayback(state, {
			paused: true,
			positionMs: duration,
			anchorMs: ctx.nowMs,
			rate: state.playback.rate,
			actor: null,
		});
		return ended;
	}
	const loaded = load(
		withQueue(state, rest),
		{ type: 'load', media: next.media, startMs: 0, autoplay: true },
		ctx,
	);
	return { state: loaded.state, effects: [...loaded.effects, roomChanged] };
}

export function reduceQueue(
	state: RoomState,
	command: QueueRoomCommand,
	ctx: CommandContext,
): ReduceResult {
	const control = mayControl(state, ctx.actor);
	switch (command.type) {
		case 'queue-add': {
			// Anyone may add (in host-only mode that is how guests suggest what to watch next).
			if (state.queue.length >= QUEUE_MAX)
				return reject(state, 'not_allowed', `The queue is full (${QUEUE_MAX} items).`);
			return { state: withQueue(state, [...state.queue, command.item]), effects: [roomChanged] };
		}
		case 'queue-remove': {
			const item = state.queue.find((i) => i.id === command.itemId);
			if (!item) return reject(state, 'not_found', 'That item is no longer in the queue.');
			if (!control && item.addedById !== ctx.actor?.id) {
				return reject(
					state,
					'not_allowed',
					'Only the host or whoever added it can remove this item.',
				);
			}
			return {
				state: withQueue(
					state,
					state.queue.filter((i) => i.id !== command.itemId),
				),
				effects: [roomChanged],
			};
		}
		case 'queue-move': {
			if (!control) return reject(state, 'not_allowed', 'Only the host can reorder the queue.');
			const from = state.queue.findIndex((i) => i.id === command.itemId);
			if (from < 0) return reject(state, 'not_found', 'That item is no longer in the queue.');
			const queue = [...state.queue];
			const [item] = queue.splice(from, 1);
			queue.splice(Math.min(command.toIndex, queue.length), 0, item as QueueItem);
			return { state: withQueue(state, queue), effects: [roomChanged] };
		}
		case 'queue-play': {
			if (!control) return reject(state, 'not_allowed', 'Only the host can change what plays.');
			const item = state.queue.find((i) => i.id === command.itemId);
			if (!item) return reject(state, 'not_found', 'That item is no longer in the queue.');
			const rest = state.queue.filter((i) => i.id !== command.itemId);
			return playNextFromQueue(withQueue(state, [item, ...rest]), ctx);
		}
		case 'queue-next':
			if (!control) return reject(state, 'not_allowed', 'Only the host can skip.');
			if (state.queue.length === 0) return reject(state, 'not_found', 'The queue is empty.');
			return playNextFromQueue(state, ctx);
		case 'advance':
			if (state.playback.media?.id !== command.mediaId) return unchanged(state);
			return playNextFromQueue(state, ctx);
		case 'media-upgrade': {
			const current = state.playback.media;
			if (!current || current.id !== command.mediaId) return unchanged(state);
			// Everyone switches players together on the new seq; the timeline (position, anchor) is kept.
			const media: Media = {
				...command.media,
				id: current.id,
				durationMs: command.media.durationMs ?? current.durationMs,
			};
			const playback = { ...state.playback, media, seq: state.playback.seq + 1 };
			return { state: { ...state, playback }, effects: [{ kind: 'playback-changed' }] };
		}
		case 'queue-prepared': {
			const index = state.queue.findIndex((i) => i.id === command.itemId);
			const item = state.queue[index];
			// The item may have been removed or played meanwhile; a stale answer changes nothing.
			if (!item || item.media.id !== command.media.id) return unchanged(state);
			const queue = [...state.queue];
			queue[index] = { ...item, media: command.media };
			return { state: withQueue(state, queue), effects: [roomChanged] };
		}
		case 'media-duration': {
			const media = state.playback.media;
			if (!media || media.id !== command.mediaId || media.durationMs !== undefined)
				return unchanged(state);
			const playback = {
				...state.playback,
				media: { ...media, durationMs: Math.round(command.durationMs) },
			};
			// Not a new seq: the timeline is unchanged, only better known.
			return { state: { ...state, playback }, effects: [{ kind: 'playback-changed' }] };
		}
	}
}
