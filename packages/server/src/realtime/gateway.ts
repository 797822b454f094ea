/**
 * Socket.IO gateway: authenticates the handshake from the session cookie, puts each socket in its
 * room (the default room for now) and its session's channel, and mounts the event handlers.
 */
import {
	ControlPayloadSchema,
	DEFAULT_ROOM_ID,
	HeartbeatPayloadSchema,
	judgeHeartbeat,
	toLegacyState,
} from '@videotogether/shared';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../lib/clock.js';
import type { RoomService } from '../modules/rooms/room.service.js';
import type { AppServer } from '../plugins/socket-io.js';
import { defineHandler } from './define-handler.js';
import { roomChannel, sessionChannel } from './publisher.js';

export interface GatewayDeps {
	rooms: RoomService;
	clock: Clock;
}

const KNOWN_EVENTS = new Set(['control', 'heartbeat']);

export function registerGateway(app: FastifyInstance, io: AppServer, deps: GatewayDeps): void {
	const { rooms, clock } = deps;

	io.use((socket, next) => {
		app
			.sessionFromCookieHeader(socket.request.headers.cookie)
			.then((session) => {
				if (!session) {
					next(new Error('unauthorized'));
					return;
				}
				socket.data.user = session.user;
				socket.data.sessionTag = session.tag;
				socket.data.roomId = DEFAULT_ROOM_ID;
				next();
			})
			.catch((error: unknown) => {
				app.log.warn({ err: error }, 'socket handshake session lookup failed');
				next(new Error('unauthorized'));
			});
	});

	io.on('connection', (socket) => {
		const { user, roomId } = socket.data;
		const log = app.log.child({ socket: socket.id, userId: user.id });
		void socket.join([roomChannel(roomId), sessionChannel(socket.data.sessionTag)]);
		socket.emit('state', toLegacyState(roomId, rooms.state(roomId), clock.nowMs()));
		log.debug({ roomId }, 'socket connected');

		socket.on(
			'control',
			defineHandler('control', ControlPayloadSchema, socket, log, async (payload) => {
				const result = await rooms.apply(
					roomId,
					{ type: payload.type, positionMs: payload.position_ms },
					user.name,
				);
				log.info(
					{
						roomId,
						type: payload.type,
						positionMs: payload.position_ms,
						seq: result.state.seq,
						ok: result.ok,
					},
					'control',
				);
				if (!result.ok) return { ok: false as const, error: result.error, message: result.message };
				return { seq: result.state.seq };
			}),
		);

		socket.on(
			'heartbeat',
			defineHandler('heartbeat', HeartbeatPayloadSchema, socket, log, (payload) => {
				const now = clock.nowMs();
				const state = rooms.state(roomId);
				const verdict = judgeHeartbeat(state, payload, now);
				if (verdict.correct) {
					socket.emit('state', toLegacyState(roomId, state, now));
					log.debug({ driftMs: verdict.driftMs }, 'heartbeat corrected');
				}
				return { corrected: verdict.correct };
			}),
		);

		socket.onAny((event: string) => {
			if (!KNOWN_EVENTS.has(event)) {
				socket.emit('app:error', {
					event: String(event).slice(0, 64),
					error: 'invalid_payload',
					message: 'Unknown event.',
				});
			}
		});
	});
}

/** Disconnect every socket of one login session (logout, expiry). */
export function endSessionSockets(io: AppServer, tag: string): void {
	io.in(sessionChannel(tag)).disconnectSockets(true);
}
