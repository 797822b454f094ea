/**
 * Rooms over HTTP: list (with who is in each), create (the creator hosts it), read one, delete
 * (host or creator; never the default room).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
	ApiErrorSchema,
	cleanRoomName,
	CreateRoomBodySchema,
	DEFAULT_ROOM_ID,
	RoomListSchema,
	RoomOkSchema,
	RoomParamsSchema,
	toRoomSummary,
} from '@videotogether/shared';
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.js';
import type { ChatService } from '../chat/chat.service.js';
import type { RoomService } from './room.service.js';

export interface RoomRoutesOptions {
	rooms: RoomService;
	chat: ChatService;
}

/** Most rooms one server keeps (a guard against scripted creation). */
const MAX_ROOMS = 500;

/** Short, unguessable-enough, URL-friendly room ids (`/r/k3v9x2ab`). */
export function newRoomId(): string {
	const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
	return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}

const roomRoutes: FastifyPluginAsyncTypebox<RoomRoutesOptions> = async (app, { rooms, chat }) => {
	app.get(
		'/api/rooms',
		{ schema: { tags: ['rooms'], response: { 200: RoomListSchema } } },
		async () => ({
			ok: true as const,
			rooms: rooms.all().map(toRoomSummary),
		}),
	);

	app.get(
		'/api/rooms/:id',
		{
			schema: {
				tags: ['rooms'],
				params: RoomParamsSchema,
				response: { 200: RoomOkSchema, 404: ApiErrorSchema },
			},
		},
		async (request) => {
			if (!rooms.has(request.params.id)) throw new AppError('room_not_found', 404, 'No such room.');
			return { ok: true as const, room: toRoomSummary(rooms.state(request.params.id)) };
		},
	);

	app.post(
		'/api/rooms',
		{
			schema: {
				tags: ['rooms'],
				summary: 'Create a room; its creator is the host.',
				body: CreateRoomBodySchema,
				response: { 200: RoomOkSchema, 400: ApiErrorSchema, 429: ApiErrorSchema },
			},
		},
		async (request) => {
			const user = request.user;
			if (!user) throw new AppError('unauthorized', 401, 'Log in first.');
			const name = cleanRoomName(request.body.name);
			if (name === '') throw new AppError('invalid_payload', 400, 'A room needs a name.');
			if (rooms.all().length >= MAX_ROOMS)
				throw new AppError('rate_limited', 429, 'Too many rooms on this server.');
			let id = newRoomId();
			while (rooms.has(id)) id = newRoomId();
			const state = await rooms.create({
				id,
				name,
				controlMode: request.body.controlMode ?? 'everyone',
				hostId: user.id,
				hostName: user.name,
				createdBy: user.id,
			});
			request.log.info({ roomId: id, userId: user.id }, 'room created');
			return { ok: true as const, room: toRoomSummary(state) };
		},
	);

	app.delete(
		'/api/rooms/:id',
		{
			schema: {
				tags: ['rooms'],
				params: RoomParamsSchema,
				response: {
					200: Type.Object({ ok: Type.Literal(true) }),
					403: ApiErrorSchema,
					404: ApiErrorSchema,
				},
			},
		},
		async (request) => {
			const { id } = request.params;
			if (!rooms.has(id)) throw new AppError('room_not_found', 404, 'No such room.');
			const { info } = rooms.state(id);
			const userId = request.user?.id;
			if (id === DEFAULT_ROOM_ID || (userId !== info.hostId && userId !== info.createdBy)) {
				throw new AppError('not_allowed', 403, 'Only the host can delete this room.');
			}
			await rooms.delete(id);
			await chat.deleteRoom(id);
			request.log.info({ roomId: id, userId }, 'room deleted');
			return { ok: true as const };
		},
	);
};

export default roomRoutes;
