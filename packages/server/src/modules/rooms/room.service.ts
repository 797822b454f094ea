/**
 * Owns the rooms. Every command goes through the room backend's transaction (one writer per room,
 * also across processes) and the pure reducer; the service then performs the effects: publishing
 * playback, presence and room details, and arming the room's timers (buffering wait, host absence,
 * end of media → auto-advance). A local cache answers synchronous reads; with a shared backend it
 * is refreshed by the other processes' change notices. Knows nothing about sockets.
 */
import {
	DEFAULT_ROOM_ID,
	initialRoomState,
	mediaEndsAtMs,
	reduceRoom,
	restoreRoomState,
	type Actor,
	type ErrorCode,
	type RoomCommand,
	type RoomEffect,
	type RoomInfo,
	type RoomState,
	type SyncSettings,
	type Media,
} from '@videotogether/shared';
import type { Clock } from '../../lib/clock.js';
import type { RoomBackend } from './room.backend.js';
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

/**
 * Presence is published at most once per window per room: drift reports arrive every second from
 * everyone, and each broadcast goes to everyone, so the window widens with the room (250 ms for a
 * handful of viewers, ~2 s at 1,000).
 */
const membersThrottleMs = (members: number) => 250 + 2 * members;

export interface RoomServiceDeps {
	clock: Clock;
	publisher: RoomPublisher;
	settings: SyncSettings;
	backend: RoomBackend;
	/** Called when a room starts on new media (e.g. to resolve a Bilibili item in the background). */
	onMediaChanged?: (roomId: string, media: Media) => void;
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
	readonly #cache = new Map<string, RoomState>();
	readonly #timers = new RoomTimers();
	readonly #memberFlush = new Map<string, { timer: NodeJS.Timeout; dirty: boolean }>();
	readonly #deps: RoomServiceDeps;

	private constructor(deps: RoomServiceDeps) {
		this.#deps = deps;
	}

	/** Load the rooms (restoring them after a restart of a single process) and make sure the default room exists. */
	static async open(deps: RoomServiceDeps): Promise<RoomService> {
		const service = new RoomService(deps);
		const now = deps.clock.nowMs();
		for (const loaded of await deps.backend.loadAll()) {
			// One process: whoever was connected is gone. Shared: other processes still hold their viewers.
			const state = deps.backend.shared ? loaded : restoreRoomState(loaded, now, deps.settings);
			if (state !== loaded)
				await deps.backend.transact(state.info.id, () => ({
					next: state,
					durable: true,
					result: null,
				}));
			service.#cache.set(state.info.id, state);
			service.#armTimers(state.info.id, state, now);
		}
		if (!service.#cache.has(DEFAULT_ROOM_ID)) {
			const created = await deps.backend.transact(DEFAULT_ROOM_ID, (current) =>
				current
					? { next: undefined, durable: false, result: current }
					: { next: initialRoomState(now), durable: true, result: initialRoomState(now) },
			);
			service.#cache.set(DEFAULT_ROOM_ID, created);
		}
		deps.backend.onRemoteChange((roomId, state) => service.#remoteChange(roomId, state));
		return service;
	}

	get settings(): SyncSettings {
		return this.#deps.settings;
	}

	get backend(): RoomBackend {
		return this.#deps.backend;
	}

	has(roomId: string): boolean {
		return this.#cache.has(roomId);
	}

	/** The current state of a room; throws for unknown rooms (check `has` first). */
	state(roomId: string = DEFAULT_ROOM_ID): RoomState {
		const state = this.#cache.get(roomId);
		if (!state) throw new Error(`unknown room ${roomId}`);
		return state;
	}

	/** Every room, default first then by last activity. */
	all(): RoomState[] {
		return [...this.#cache.values()].sort((a, b) =>
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
		await this.#deps.backend.transact(info.id, () => ({
			next: state,
			durable: true,
			result: null,
		}));
		this.#cache.set(info.id, state);
		return state;
	}

	/** Remove a room (never the default one); its viewers are told and disconnected. */
	async delete(roomId: string): Promise<boolean> {
		if (roomId === DEFAULT_ROOM_ID || !this.#cache.has(roomId)) return false;
		await this.#deps.backend.remove(roomId);
		this.#forget(roomId);
		this.#deps.publisher.closeRoom(roomId);
		return true;
	}

	#forget(roomId: string): void {
		this.#cache.delete(roomId);
		this.#timers.clearRoom(roomId);
	}

	/** Apply one command in order with every other command of this room (across processes too). */
	async apply(
		roomId: string,
		command: RoomCommand,
		actor: Actor | null = null,
	): Promise<ApplyResult> {
		const { clock, settings, backend } = this.#deps;
		const outcome = await backend.transact(roomId, (before) => {
			if (!before) return { next: undefined, durable: false, result: null };
			const nowMs = clock.nowMs();
			const reduced = reduceRoom(before, command, { nowMs, actor, settings });
			let state = reduced.state;
			if (state !== before && actor !== null)
				state = { ...state, info: { ...state.info, lastActiveAt: nowMs } };
			return {
				next: state === before ? undefined : state,
				durable: isDurableChange(before, state),
				result: { state, effects: reduced.effects, nowMs },
			};
		});
		if (outcome === null) {
			this.#forget(roomId);
			return {
				ok: false,
				error: 'room_not_found',
				message: 'This room no longer exists.',
				state: initialRoomState(0, { id: roomId }),
			};
		}
		const previousMedia = this.#cache.get(roomId)?.playback.media?.id;
		this.#cache.set(roomId, outcome.state);
		const result = this.#perform(roomId, outcome.state, outcome.effects, outcome.nowMs);
		const media = outcome.state.playback.media;
		if (media && media.id !== previousMedia) this.#deps.onMediaChanged?.(roomId, media);
		return result;
	}

	#perform(roomId: string, state: RoomState, effects: RoomEffect[], nowMs: number): ApplyResult {
		const { publisher } = this.#deps;
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
				case 'room-changed':
					publisher.publishRoom(roomId, state);
					break;
				case 'wait-timer':
				case 'host-timer':
					break; // Timers are derived from the state below.
			}
		}
		this.#armTimers(roomId, state, nowMs);
		return rejection ? { ok: false, ...rejection, state } : { ok: true, state };
	}

	/** Timers follow from the state itself, so any process holding the room can fire them (the commands are idempotent). */
	#armTimers(roomId: string, state: RoomState, nowMs: number): void {
		const apply = (command: RoomCommand) => () => this.apply(roomId, command);
		this.#timers.arm(
			roomId,
			'wait',
			state.waiting?.deadlineMs ?? null,
			nowMs,
			apply({ type: 'wait-timeout' }),
		);
		const hostDue =
			state.hostAwaySinceMs === null
				? null
				: state.hostAwaySinceMs + this.#deps.settings.hostGraceMs;
		this.#timers.arm(roomId, 'host', hostDue, nowMs, apply({ type: 'host-timeout' }));
		const mediaId = state.playback.media?.id;
		this.#timers.arm(
			roomId,
			'end',
			mediaId === undefined ? null : mediaEndsAtMs(state),
			nowMs,
			apply({ type: 'advance', mediaId: mediaId ?? '' }),
		);
	}

	#remoteChange(roomId: string, state: RoomState | null): void {
		if (state === null) {
			this.#forget(roomId);
			return;
		}
		this.#cache.set(roomId, state);
		this.#armTimers(roomId, state, this.#deps.clock.nowMs());
	}

	/** Publish presence now, then at most once per throttle window while changes keep coming. */
	#scheduleMembers(roomId: string): void {
		const pending = this.#memberFlush.get(roomId);
		if (pending) {
			pending.dirty = true;
			return;
		}
		const state = this.#cache.get(roomId);
		if (!state) return;
		this.#deps.publisher.publishMembers(roomId, state);
		const entry = {
			dirty: false,
			timer: setTimeout(
				() => {
					this.#memberFlush.delete(roomId);
					if (entry.dirty) this.#scheduleMembers(roomId);
				},
				membersThrottleMs(Object.keys(state.members).length),
			),
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
