/**
 * Applies commands to rooms one at a time per room (serial queue) through the pure reducer and
 * performs its effects: publishing playback and presence, arming the buffering wait timer. Knows
 * nothing about sockets: it talks to a `RoomPublisher`.
 */
import {
	DEFAULT_ROOM_ID,
	initialRoomState,
	reduceRoom,
	type ErrorCode,
	type RoomCommand,
	type RoomState,
	type SyncSettings,
} from '@videotogether/shared';
import type { Clock } from '../../lib/clock.js';
import { SerialQueue } from '../../lib/serial-queue.js';

/** Where room changes go (Socket.IO in production, a recorder in tests). */
export interface RoomPublisher {
	publishPlayback(roomId: string, state: RoomState): void;
	publishMembers(roomId: string, state: RoomState): void;
}

export type ApplyResult =
	| { ok: true; state: RoomState }
	| { ok: false; error: ErrorCode; message: string; state: RoomState };

/** Presence is published at most this often per room (drift reports arrive every second from everyone). */
const MEMBERS_THROTTLE_MS = 250;

export interface RoomServiceDeps {
	clock: Clock;
	publisher: RoomPublisher;
	settings: SyncSettings;
}

export class RoomService {
	readonly #rooms = new Map<string, RoomState>();
	readonly #queue = new SerialQueue();
	readonly #waitTimers = new Map<string, NodeJS.Timeout>();
	readonly #memberFlush = new Map<string, { timer: NodeJS.Timeout; dirty: boolean }>();
	readonly #deps: RoomServiceDeps;

	constructor(deps: RoomServiceDeps) {
		this.#deps = deps;
		this.#rooms.set(DEFAULT_ROOM_ID, initialRoomState(deps.clock.nowMs()));
	}

	get settings(): SyncSettings {
		return this.#deps.settings;
	}

	/** The current state of a room (created empty on first use). */
	state(roomId: string = DEFAULT_ROOM_ID): RoomState {
		let state = this.#rooms.get(roomId);
		if (!state) {
			state = initialRoomState(this.#deps.clock.nowMs());
			this.#rooms.set(roomId, state);
		}
		return state;
	}

	/** Apply one command in order with every other command of this room. */
	apply(roomId: string, command: RoomCommand, actor: string | null = null): Promise<ApplyResult> {
		return this.#queue.run(roomId, () => this.#applyNow(roomId, command, actor));
	}

	#applyNow(roomId: string, command: RoomCommand, actor: string | null): ApplyResult {
		const { clock, publisher, settings } = this.#deps;
		const nowMs = clock.nowMs();
		const { state, effects } = reduceRoom(this.state(roomId), command, { nowMs, actor, settings });
		this.#rooms.set(roomId, state);
		let rejection: { error: ErrorCode; message: string } | null = null;
		for (const effect of effects) {
			switch (effect.kind) {
				case 'reject':
					rejection = { error: effect.code, message: effect.message };
					break;
				case 'playback-changed':
					publisher.publishPlayback(roomId, state);
					break;
				case 'members-changed':
					this.#scheduleMembers(roomId);
					break;
				case 'wait-timer':
					this.#armWaitTimer(roomId, effect.atMs, nowMs);
					break;
			}
		}
		return rejection ? { ok: false, ...rejection, state } : { ok: true, state };
	}

	#armWaitTimer(roomId: string, atMs: number | null, nowMs: number): void {
		clearTimeout(this.#waitTimers.get(roomId));
		this.#waitTimers.delete(roomId);
		if (atMs === null) return;
		const timer = setTimeout(
			() => {
				this.#waitTimers.delete(roomId);
				void this.apply(roomId, { type: 'wait-timeout' });
			},
			Math.max(0, atMs - nowMs),
		);
		timer.unref();
		this.#waitTimers.set(roomId, timer);
	}

	/** Publish presence now, then at most once per throttle window while changes keep coming. */
	#scheduleMembers(roomId: string): void {
		const pending = this.#memberFlush.get(roomId);
		if (pending) {
			pending.dirty = true;
			return;
		}
		this.#deps.publisher.publishMembers(roomId, this.state(roomId));
		const entry = {
			dirty: false,
			timer: setTimeout(() => {
				this.#memberFlush.delete(roomId);
				if (entry.dirty) this.#scheduleMembers(roomId);
			}, MEMBERS_THROTTLE_MS),
		};
		entry.timer.unref();
		this.#memberFlush.set(roomId, entry);
	}

	/** Stop timers (on shutdown). */
	close(): void {
		for (const timer of this.#waitTimers.values()) clearTimeout(timer);
		for (const { timer } of this.#memberFlush.values()) clearTimeout(timer);
		this.#waitTimers.clear();
		this.#memberFlush.clear();
	}
}
