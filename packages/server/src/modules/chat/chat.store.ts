/**
 * Chat history per room behind a small port (the embedded and Redis implementations live with
 * the other stores). Messages are kept in send order; pages are read backwards from the newest.
 */
import type { ChatMessage } from '@videotogether/shared';

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

/** Most messages kept per room; older ones fall off. */
export const CHAT_KEPT_PER_ROOM = 5_000;

export class MemoryChatStore implements ChatStore {
	readonly #rooms = new Map<string, ChatMessage[]>();

	async append(message: ChatMessage): Promise<void> {
		const list = this.#rooms.get(message.room) ?? [];
		list.push(message);
		if (list.length > CHAT_KEPT_PER_ROOM) list.splice(0, list.length - CHAT_KEPT_PER_ROOM);
		this.#rooms.set(message.room, list);
	}

	async page(roomId: string, limit: number, beforeId?: string): Promise<ChatPage> {
		const list = this.#rooms.get(roomId) ?? [];
		let end = list.length;
		if (beforeId !== undefined) {
			const index = list.findIndex((m) => m.id === beforeId);
			end = index < 0 ? 0 : index;
		}
		const start = Math.max(0, end - limit);
		return { messages: list.slice(start, end), hasMore: start > 0 };
	}

	async deleteRoom(roomId: string): Promise<void> {
		this.#rooms.delete(roomId);
	}
}
