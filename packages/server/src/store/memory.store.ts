/**
 * Plain in-memory stores: the building blocks of the embedded store, and a store of its own for
 * tests that need no disk.
 */
import { persistableRoom, type ChatMessage, type RoomState } from '@videotogether/shared';
import type { Clock } from '../lib/clock.js';
import {
	CHAT_KEPT_PER_ROOM,
	type AppStore,
	type ChatPage,
	type ChatStore,
	type RoomStore,
	type SessionRecord,
	type SessionRepository,
} from './store.js';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class MemoryRoomStore implements RoomStore {
	readonly rooms = new Map<string, RoomState>();

	async loadRooms(): Promise<RoomState[]> {
		return [...this.rooms.values()].map(clone);
	}
	async saveRoom(state: RoomState): Promise<void> {
		this.rooms.set(state.info.id, clone(persistableRoom(state)));
	}
	async deleteRoom(roomId: string): Promise<void> {
		this.rooms.delete(roomId);
	}
}

export class MemoryChatStore implements ChatStore {
	readonly rooms = new Map<string, ChatMessage[]>();

	async append(message: ChatMessage): Promise<void> {
		const list = this.rooms.get(message.room) ?? [];
		list.push(clone(message));
		if (list.length > CHAT_KEPT_PER_ROOM) list.splice(0, list.length - CHAT_KEPT_PER_ROOM);
		this.rooms.set(message.room, list);
	}
	async page(roomId: string, limit: number, beforeId?: string): Promise<ChatPage> {
		const list = this.rooms.get(roomId) ?? [];
		let end = list.length;
		if (beforeId !== undefined) {
			const index = list.findIndex((m) => m.id === beforeId);
			end = index < 0 ? 0 : index;
		}
		const start = Math.max(0, end - limit);
		return { messages: list.slice(start, end).map(clone), hasMore: start > 0 };
	}
	async deleteRoom(roomId: string): Promise<void> {
		this.rooms.delete(roomId);
	}
}

export class MemorySessionRepository implements SessionRepository {
	readonly sessions = new Map<string, SessionRecord>();
	constructor(private readonly clock: Clock) {}

	async get(sessionId: string): Promise<SessionRecord | null> {
		const record = this.sessions.get(sessionId);
		if (!record) return null;
		if (record.expiresAtMs !== null && record.expiresAtMs <= this.clock.nowMs()) {
			this.sessions.delete(sessionId);
			return null;
		}
		return clone(record);
	}
	async set(sessionId: string, record: SessionRecord): Promise<void> {
		this.sessions.set(sessionId, clone(record));
	}
	async destroy(sessionId: string): Promise<void> {
		this.sessions.delete(sessionId);
	}
	/** Drop expired sessions. */
	sweep(): number {
		const now = this.clock.nowMs();
		let removed = 0;
		for (const [id, record] of this.sessions) {
			if (record.expiresAtMs !== null && record.expiresAtMs <= now) {
				this.sessions.delete(id);
				removed++;
			}
		}
		return removed;
	}
}

/** Everything in memory: lost on restart. For tests. */
export class MemoryStore implements AppStore {
	readonly kind = 'memory' as const;
	readonly rooms = new MemoryRoomStore();
	readonly chat = new MemoryChatStore();
	readonly sessions: MemorySessionRepository;
	constructor(clock: Clock) {
		this.sessions = new MemorySessionRepository(clock);
	}
	async ping(): Promise<void> {}
	async close(): Promise<void> {}
}
