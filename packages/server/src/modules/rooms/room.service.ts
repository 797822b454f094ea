/**
 * Applies commands to rooms, one at a time per room (serial queue), through the pure reducer, and
 * publishes the resulting state. Knows nothing about sockets: it talks to a `RoomPublisher`.
 */
import {
	DEFAULT_ROOM_ID,
	initialPlaybackState,
	reduceRoom,
	type ErrorCode,
	type PlaybackState,
	type RoomCommand,
} from '@videotogether/shared';
import type { Clock } from '../../lib/clock.js';
import { SerialQueue } from '../../lib/serial-queue.js';

/** Where room changes go (Socket.IO in production, a recorder in tests). */
export interface RoomPublisher {
	publishState(roomId: string, state: PlaybackState): void;
}

export type ApplyResult =
	| { ok: true; state: PlaybackState }
	| { ok: false; error: ErrorCode; message: string; state: PlaybackState };

export class RoomService {
	readonly #rooms = new Map<string, PlaybackState>();
	readonly #queue = new SerialQueue();
	readonly #clock: Clock;
	readonly #publisher: RoomPublisher;

	constructor(deps: { clock: Clock; publisher: RoomPublisher }) {
		this.#clock = deps.clock;
		this.#publisher = deps.publisher;
		this.#rooms.set(DEFAULT_ROOM_ID, initialPlaybackState(this.#clock.nowMs()));
	}

	/** The current state of a room (the default room always exists). */
	state(roomId: string = DEFAULT_ROOM_ID): PlaybackState {
		let state = this.#rooms.get(roomId);
		if (!state) {
			state = initialPlaybackState(this.#clock.nowMs());
			this.#rooms.set(roomId, state);
		}
		return state;
	}

	/** Apply one command in order with every other command of this room. */
	apply(roomId: string, command: RoomCommand, actor: string | null): Promise<ApplyResult> {
		return this.#queue.run(roomId, () => {
			const before = this.state(roomId);
			const { state, effects } = reduceRoom(before, command, { nowMs: this.#clock.nowMs(), actor });
			this.#rooms.set(roomId, state);
			for (const effect of effects) {
				if (effect.kind === 'reject') {
					return { ok: false as const, error: effect.code, message: effect.message, state };
				}
				this.#publisher.publishState(roomId, state);
			}
			return { ok: true as const, state };
		});
	}
}
