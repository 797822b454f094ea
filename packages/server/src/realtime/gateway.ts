/**
 * Socket.IO gateway: authenticates the handshake from the session cookie, makes each socket a
 * member of its room (the default room for now) and of its session's channel, and mounts the
 * event handlers — the original three (`state`/`control`/`heartbeat`) and the sync protocol.
 */
import {
	DEFAULT_ROOM_ID,
	toLegacyState,
	toRoomPlayback,
	publicMembers,
} from '@videotogether/shared';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../lib/clock.js';
import type { RoomService } from '../modules/rooms/room.service.js';
import type { AppServer } from '../plugins/socket-io.js';
import { registerLegacyHandlers } from './legacy.handlers.js';
import { registerSyncHandlers, SYNC_EVENTS } from './sync.handlers.js';
import { roomChannel, sessionChannel } from './publisher.js';

export interface GatewayDeps {
	rooms: RoomService;
	clock: Clock;
}

const KNOWN_EVENTS = new Set(['control', 'heartbeat', ...SYNC_EVENTS]);

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
		const ctx = { socket, log, rooms, clock, roomId, user };

		registerLegacyHandlers(ctx);
		registerSyncHandlers(ctx);
		socket.onAny((event: string) => {
			if (!KNOWN_EVENTS.has(event)) {
				socket.emit('app:error', {
					event: String(event).slice(0, 64),
					error: 'invalid_payload',
					message: 'Unknown event.',
				});
			}
		});

		void rooms
			.apply(roomId, {
				type: 'member-join',
				member: { id: socket.id, userId: user.id, name: user.name },
			})
			.then(({ state }) => {
				const now = clock.nowMs();
				socket.emit('state', toLegacyState(roomId, state.playback, now));
				socket.emit('playback:state', toRoomPlayback(roomId, state, now));
				socket.emit('room:members', { room: roomId, members: publicMembers(state) });
			});
		socket.on('disconnect', () => {
			void rooms.apply(roomId, { type: 'member-leave', memberId: socket.id });
		});
		log.debug({ roomId }, 'socket connected');
	});
}

/** Disconnect every socket of one login session (logout, expiry). */
export function endSessionSockets(io: AppServer, tag: string): void {
	io.in(sessionChannel(tag)).disconnectSockets(true);
}
