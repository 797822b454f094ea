import { Type, type Static } from 'typebox';
import { EpochMsSchema } from './common.js';

/** Chat rules of the original (configurable on the server). */
export const CHAT_MAX_LENGTH = 500;
export const CHAT_HISTORY_ON_JOIN = 50;
export const CHAT_HISTORY_PAGE_MAX = 200;

/** A chat message as stored and broadcast. */
export const ChatMessageSchema = Type.Object({
	id: Type.String(),
	room: Type.String(),
	userId: Type.String(),
	name: Type.String(),
	text: Type.String(),
	/** Server time it was accepted. */
	sentAt: EpochMsSchema,
	/** Media time (ms) the room was at when it was sent, and which media; null when nothing played. */
	mediaMs: Type.Union([Type.Number(), Type.Null()]),
	mediaId: Type.Union([Type.String(), Type.Null()]),
	/** Echo of the sender's client-side id, so it can match its pending message. */
	clientId: Type.Optional(Type.String()),
});
export type ChatMessage = Static<typeof ChatMessageSchema>;

/**
 * `chat:send` (client → server). The original sends `{message}`; `text` is accepted too. Length is
 * checked after trimming so the limit can be reported as `{error:'too_long', limit}`.
 */
export const ChatSendSchema = Type.Object(
	{
		message: Type.Optional(Type.String({ maxLength: 10_000 })),
		text: Type.Optional(Type.String({ maxLength: 10_000 })),
		clientId: Type.Optional(Type.String({ maxLength: 64 })),
	},
	{ additionalProperties: false },
);
export type ChatSend = Static<typeof ChatSendSchema>;

/** `chat:history` (server → client on join) and `GET /api/chat/history`. */
export const ChatHistorySchema = Type.Object({
	messages: Type.Array(ChatMessageSchema),
	/** More, older messages exist (scroll back with `before`). */
	hasMore: Type.Optional(Type.Boolean()),
});
export type ChatHistory = Static<typeof ChatHistorySchema>;

export const ChatHistoryQuerySchema = Type.Object({
	limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CHAT_HISTORY_PAGE_MAX })),
	before: Type.Optional(Type.String({ maxLength: 64 })),
	room: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' })),
});
export type ChatHistoryQuery = Static<typeof ChatHistoryQuerySchema>;
