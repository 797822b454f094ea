/** `GET /api/chat/history?limit=&before=&room=` (original shape `{messages:[…]}`, plus `hasMore`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
	ApiErrorSchema,
	CHAT_HISTORY_ON_JOIN,
	ChatHistoryQuerySchema,
	ChatHistorySchema,
	DEFAULT_ROOM_ID,
} from '@videotogether/shared';
import { AppError } from '../../lib/errors.js';
import type { RoomService } from '../rooms/room.service.js';
import type { ChatService } from './chat.service.js';

const chatRoutes: FastifyPluginAsyncTypebox<{ chat: ChatService; rooms: RoomService }> = async (
	app,
	{ chat, rooms },
) => {
	app.get(
		'/api/chat/history',
		{
			schema: {
				tags: ['chat'],
				summary: 'Chat history of a room (default room unless `room` is given), oldest first.',
				querystring: ChatHistoryQuerySchema,
				response: { 200: ChatHistorySchema, 400: ApiErrorSchema, 404: ApiErrorSchema },
			},
		},
		async (request) => {
			const { limit = CHAT_HISTORY_ON_JOIN, before, room = DEFAULT_ROOM_ID } = request.query;
			if (!rooms.has(room)) throw new AppError('room_not_found', 404, 'No such room.');
			return chat.history(room, limit, before);
		},
	);
};

export default chatRoutes;
