/**
 * Owns the rooms. Applies commands one at a time per room (serial queue) through the pure
 * reducer and performs its effects: publishing playback, presence and room details, and arming
 * the room's timers (buffering wait, host absence, end of media → auto-advance). Knows nothing
 * about sockets: it talks to a `RoomPublisher`.
 */
import {
	DEFAULT_ROOM_ID,
	initialRoomState,
	mediaEndsAtMs,
	reduceRoom,
	type Actor,
	type ErrorCode,
	type RoomCommand,
	type RoomInfo,
	type RoomState,
	type SyncSettings,
} from '@videotogether/shared';
import type { Clock } from '../../lib/clock.js';
import { SerialQueue } from '../../lib/serial-queue.js';
import type { RoomStore } from '../../store/store.js';
import { RoomTimers } from './room.timers.js';

/** Where room changes go (Socket.IO in production, a recorder in tests). */
export interface RoomPublisher {
	publishPlayback(roomId: string, state: RoomState): void;
	publishMembers(roomId: string, state: RoomState): void;
	publishRoom(roomId: string, state: RoomState): void;
	/** The room is gone: tell its viewers and disconnect them. */
	closeRoom(roomId: string): void;
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
	store: RoomStore;
	/** Rooms loaded from the store at start (already restored). */
	initialRooms?: RoomState[];
}

/** Did this change touch anything worth keeping across a restart (not just who is connected)? */
function isDurableChange(before: RoomState, after: RoomState): boolean {
	return (
		before.info !== after.info ||
		before.playback !== after.playback ||
		before.queue !== after.queue ||
		before.prefs !== after.prefs ||
		before.hostAwaySinceMs !== after.hostAwaySinceMs
	);
}

export class RoomService {
	readonly #rooms = new Map<string, RoomState>();
	readonly #queue = new SerialQueue();
	readonly #timers = new RoomTimers();
	readonly #memberFlush = new Map<string, { timer: NodeJS.Timeout; dirty: boolean }>();
	readonly #deps: RoomServiceDeps;

	constructor(deps: RoomServiceDeps) {
		this.#deps = deps;
		for (const room of deps.initialRooms ?? []) this.#rooms.set(room.info.id, room);
		if (!this.#rooms.has(DEFAULT_ROOM_ID))
			this.#rooms.set(DEFAULT_ROOM_ID, initialRoomState(deps.clock.nowMs()));
		// Rooms that were playing keep their end-of-media timers across a restart.
		for (const state of this.#rooms.values())
			this.#armEndTimer(state.info.id, state, deps.clock.nowMs());
	}

	get settings(): SyncSettings {
		return this.#deps.settings;
	}

	has(roomId: string): boolean {
		return this.#rooms.has(roomId);
	}

	/** The current state of a room; throws for unknown rooms (check `has` first). */
	state(roomId: string = DEFAULT_ROOM_ID): RoomState {
		const state = this.#rooms.get(roomId);
		if (!state) throw new Error(`unknown room ${roomId}`);
		return state;
	}

	/** Every room, default first then by last activity. */
	all(): RoomState[] {
		const rooms = [...this.#rooms.values()];
		return rooms.sort((a, b) =>
			a.info.id === DEFAULT_ROOM_ID
				? -1
				: b.info.id === DEFAULT_ROOM_ID
					? 1
					: b.info.lastActiveAt - a.info.lastActiveAt,
		);
	}

	async create(info: Omit<RoomInfo, 'createdAt' | 'lastActiveAt'>): Promise<RoomState> {
		const now = this.#deps.clock.nowMs();
		const state = initialRoomState(now, { ...info, createdAt: now, lastActiveAt: now });
		await this.#deps.store.saveRoom(state);
		this.#rooms.set(info.id, state);
		return state;
	}

	/** Remove a room (never the default one); its viewers are told and disconnected. */
	delete(roomId: string): Promise<boolean> {
		return this.#queue.run(roomId, async () => {
			if (roomId === DEFAULT_ROOM_ID || !this.#rooms.has(roomId)) return false;
			await this.#deps.store.deleteRoom(roomId);
			this.#rooms.delete(roomId);
			this.#timers.clearRoom(roomId);
			this.#deps.publisher.closeRoom(roomId);
			return true;
		});
	}

	/** Apply one command in order with every other command of this room. */
	apply(roomId: string, command: RoomCommand, actor: Actor | null = null): Promise<ApplyResult> {
		return this.#queue.run(roomId, () => this.#applyNow(roomId, command, actor));
	}

	async #applyNow(roomId: string, command: RoomCommand, actor: Actor | null): Promise<ApplyResult> {
		const before = this.#rooms.get(roomId);
		if (!before) {
			const gone = initialRoomState(0, { id: roomId });
			return { ok: false, error: 'not_found', message: 'This room no longer exists.', state: gone };
		}
		const { clock, publisher, settings } = this.#deps;
		const nowMs = clock.nowMs();
		const result = reduceRoom(before, command, { nowMs, actor, settings });
		let state = result.state;
		if (state !== before && actor !== null) {
			state = { ...state, info: { ...state.info, lastActiveAt: nowMs } };
		}
		// Durable before anyone hears of it: an acknowledged change survives a crash.
		if (isDurableChange(before, state)) await this.#deps.store.saveRoom(state);
		this.#rooms.set(roomId, state);
		let rejection: { error: ErrorCode; message: string } | null = null;
		for (const effect of result.effects) {
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
				case 'room-changed':
					publisher.publishRoom(roomId, state);
					break;
				case 'wait-timer':
					this.#timers.arm(roomId, 'wait', effect.atMs, nowMs, () =>
						this.apply(roomId, { type: 'wait-timeout' }),
					);
					break;
				case 'host-timer':
					this.#timers.arm(roomId, 'host', effect.atMs, nowMs, () =>
						this.apply(roomId, { type: 'host-timeout' }),
					);
					break;
			}
		}
		this.#armEndTimer(roomId, state, nowMs);
		return rejection ? { ok: false, ...rejection, state } : { ok: true, state };
	}

	/** Auto-advance: when the media's end is known and playing, fire `advance` at that instant. */
	#armEndTimer(roomId: string, state: RoomState, nowMs: number): void {
		const endsAt = mediaEndsAtMs(state);
		const mediaId = state.playback.media?.id;
		this.#timers.arm(roomId, 'end', endsAt, nowMs, () =>
			mediaId === undefined ? Promise.resolve() : this.apply(roomId, { type: 'advance', mediaId }),
		);
	}

	/** Publish presence now, then at most once per throttle window while changes keep coming. */
	#scheduleMembers(roomId: string): void {
		const pending = this.#memberFlush.get(roomId);
		if (pending) {
			pending.dirty = true;
			return;
		}
		const state = this.#rooms.get(roomId);
		if (!state) return;
		this.#deps.publisher.publishMembers(roomId, state);
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
		this.#timers.clearAll();
		for (const { timer } of this.#memberFlush.values()) clearTimeout(timer);
		this.#memberFlush.clear();
	}
}
