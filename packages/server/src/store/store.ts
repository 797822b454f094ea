/**
 * Storage ports. Everything that must survive a restart — rooms (playback, queue, host, member
 * settings), chat and login sessions — goes through these interfaces. Two implementations pass one
 * contract suite: the embedded store (memory + journal + snapshot in APP_DATA_DIR, the default)
 * and Redis (REDIS_URL). Connections (who is watching right now) are never stored.
 */
import type { ChatMessage, RoomState } from '@videotogether/shared';

export interface RoomStore {
	loadRooms(): Promise<RoomState[]>;
	/** Durably store the room (connections stripped). Resolves once the write is safe. */
	saveRoom(state: RoomState): Promise<void>;
	deleteRoom(roomId: string): Promise<void>;
}

export interface ChatPage {
	messages: ChatMessage[];
	hasMore: boolean;
}

export interface ChatStore {
	append(message: ChatMessage): Promise<void>;
	/** Up to `limit` messages older than `beforeId` (or the newest), oldest first. */
	page(roomId: string, limit: number, beforeId?: string): Promise<ChatPage>;
	deleteRoom(roomId: string): Promise<void>;
}

/** A login session as stored: opaque JSON plus its expiry. */
export interface SessionRecord {
	data: Record<string, unknown>;
	/** Server time after which the session is gone (null: no expiry). */
	expiresAtMs: number | null;
}

export interface SessionRepository {
	get(sessionId: string): Promise<SessionRecord | null>;
	set(sessionId: string, record: SessionRecord): Promise<void>;
	destroy(sessionId: string): Promise<void>;
}

export interface AppStore {
	readonly kind: 'memory' | 'embedded' | 'redis';
	readonly rooms: RoomStore;
	readonly chat: ChatStore;
	readonly sessions: SessionRepository;
	/** Throws when the backing storage is unreachable (readiness probe). */
	ping(): Promise<void>;
	/** Flush and release (graceful shutdown). */
	close(): Promise<void>;
}

/** Most chat messages kept per room; older ones fall off. */
export const CHAT_KEPT_PER_ROOM = 5_000;
