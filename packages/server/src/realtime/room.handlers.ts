/**
 * Room life besides playback: the queue, the host's rules, requests to the host, and chat (the
 * original `chat:send`, acked with the stored message).
 */
import { randomBytes } from 'node:crypto';
import {
	ChatSendSchema,
	HostRequestSchema,
	QueueCommandSchema,
	RoomUpdateSchema,
	type QueueCommand,
	type RoomCommand,
	type RoomUpdate,
} from '@videotogether/shared';
import { AppError } from '../lib/errors.js';
import { defineHandler } from './define-handler.js';
import type { HandlerContext } from './handler-context.js';

export const ROOM_EVENTS = ['queue:command', 'room:update', 'room:request', 'chat:send'];

async function queueCommand(payload: QueueCommand, ctx: HandlerContext): Promise<RoomCommand> {
	switch (payload.type) {
		case 'add': {
			const { media } = await ctx.media.fromInput(payload.url);
			const item = {
				id: randomBytes(6).toString('hex'),
				media,
				addedBy: ctx.user.name,
				addedById: ctx.user.id,
				addedAt: ctx.clock.nowMs(),
			};
			return { type: 'queue-add', item };
		}
		case 'remove':
			return { type: 'queue-remove', itemId: payload.itemId };
		case 'move':
			return { type: 'queue-move', itemId: payload.itemId, toIndex: payload.toIndex };
		case 'play':
			return { type: 'queue-play', itemId: payload.itemId };
		case 'next':
			return { type: 'queue-next' };
	}
}

function rulesCommand(payload: RoomUpdate): RoomCommand {
	switch (payload.type) {
		case 'control-mode':
			return { type: 'set-control-mode', mode: payload.mode };
		case 'host':
			return { type: 'set-host', userId: payload.userId };
		case 'rename':
			return { type: 'rename', name: payload.name };
	}
}

export function registerRoomHandlers(ctx: HandlerContext): void {
	const { socket, log, rooms, chat, clock, roomId, user } = ctx;
	const actor = { id: user.id, name: user.name };
	const applied = async (command: RoomCommand) => {
		const result = await rooms.apply(roomId, command, actor);
		if (!result.ok) return { ok: false as const, error: result.error, message: result.message };
		// A new queue item is resolved ahead of its turn (Bilibili), once it is in the queue.
		if (command.type === 'queue-add') ctx.media.prepare(roomId, command.item);
		return {};
	};

	socket.on(
		'queue:command',
		defineHandler('queue:command', QueueCommandSchema, socket, log, async (p) =>
			applied(await queueCommand(p, ctx)),
		),
	);
	socket.on(
		'room:update',
		defineHandler('room:update', RoomUpdateSchema, socket, log, (p) => applied(rulesCommand(p))),
	);

	socket.on(
		'room:request',
		defineHandler('room:request', HostRequestSchema, socket, log, (request) => {
			const { info, members } = rooms.state(roomId);
			const hostSockets = Object.values(members).filter((m) => m.userId === info.hostId);
			if (info.hostId === null || hostSockets.length === 0) {
				throw new AppError('not_found', 404, 'The host is not here right now.');
			}
			const event = {
				...request,
				room: roomId,
				fromName: user.name,
				fromId: user.id,
				atMs: clock.nowMs(),
			};
			for (const member of hostSockets) socket.to(member.id).emit('room:request', event);
			return {};
		}),
	);

	socket.on(
		'chat:send',
		defineHandler('chat:send', ChatSendSchema, socket, log, async ({ message, text, clientId }) => {
			const body = text ?? message;
			if (body === undefined) throw new AppError('invalid_payload', 400, 'Send {message: "…"}.');
			const sent = await chat.send(roomId, user, body, rooms.state(roomId).playback, clientId);
			return { message: sent };
		}),
	);
}
