/**
 * Where a room's authoritative state lives and how one writer at a time is guaranteed.
 *
 * - `LocalRoomBackend` (one process): state in memory, a per-room serial queue, durable parts
 *   written through the `RoomStore` (embedded snapshot/journal) before the change is announced.
 * - `RedisRoomBackend` (several processes): state in Redis; each transaction holds a per-room
 *   Redis lock, reads the latest state, writes the result, then notifies the other processes.
 */
import type { RoomState } from '@videotogether/shared';
import { SerialQueue } from '../../lib/serial-queue.js';
import type { RoomStore } from '../../store/store.js';

/** What a transaction step decided: the next state (undefined: unchanged/absent) and whether it must be stored durably. */
export interface TransactStep<T> {
	next: RoomState | undefined;
	durable: boolean;
	result: T;
}

export interface RoomBackend {
	readonly shared: boolean;
	loadAll(): Promise<RoomState[]>;
	/** Run `step` on the latest state of `roomId` with exclusive access; store what it returns. */
	transact<T>(
		roomId: string,
		step: (current: RoomState | undefined) => TransactStep<T>,
	): Promise<T>;
	remove(roomId: string): Promise<void>;
	/** Another process changed (state) or deleted (null) a room. */
	onRemoteChange(listener: (roomId: string, state: RoomState | null) => void): void;
	close(): Promise<void>;
}

export class LocalRoomBackend implements RoomBackend {
	readonly shared = false;
	readonly #rooms = new Map<string, RoomState>();
	readonly #queue = new SerialQueue();
	readonly #store: RoomStore;

	constructor(store: RoomStore) {
		this.#store = store;
	}

	async loadAll(): Promise<RoomState[]> {
		const rooms = await this.#store.loadRooms();
		for (const room of rooms) this.#rooms.set(room.info.id, room);
		return rooms;
	}

	transact<T>(
		roomId: string,
		step: (current: RoomState | undefined) => TransactStep<T>,
	): Promise<T> {
		return this.#queue.run(roomId, async () => {
			const { next, durable, result } = step(this.#rooms.get(roomId));
			if (next !== undefined) {
				// Durable before anyone hears of it: an acknowledged change survives a crash.
				if (durable) await this.#store.saveRoom(next);
				this.#rooms.set(roomId, next);
			}
			return result;
		});
	}

	remove(roomId: string): Promise<void> {
		return this.#queue.run(roomId, async () => {
			await this.#store.deleteRoom(roomId);
			this.#rooms.delete(roomId);
		});
	}

	onRemoteChange(): void {
		// One process: nothing changes behind our back.
	}

	async close(): Promise<void> {}
}
