import { DEFAULT_ROOM_ID } from '@videotogether/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { ChatService } from '../chat/chat.service.js';
import type { RoomService } from './room.service.js';

/** Rooms nobody is in and nobody touched for `idleTtlMs` are deleted (never the default room). */
export function startIdleSweeper(deps: {
	rooms: RoomService;
	chat: ChatService;
	clock: Clock;
	idleTtlMs: number;
	log: FastifyBaseLogger;
	everyMs?: number;
}): () => void {
	const sweep = async () => {
		const cutoff = deps.clock.nowMs() - deps.idleTtlMs;
		for (const state of deps.rooms.all()) {
			const { id, lastActiveAt } = state.info;
			if (id === DEFAULT_ROOM_ID || Object.keys(state.members).length > 0 || lastActiveAt > cutoff)
				continue;
			await deps.rooms.delete(id);
			await deps.chat.deleteRoom(id);
			deps.log.info({ roomId: id }, 'idle room deleted');
		}
	};
	const timer = setInterval(() => void sweep(), deps.everyMs ?? 10 * 60_000);
	timer.unref();
	return () => clearInterval(timer);
}
