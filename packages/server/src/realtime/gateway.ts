/**
 * Socket.IO gateway: authenticates the handshake from the session cookie, puts the socket in the
 * room it asked for (`auth.room`, default: the default room) and in its session's channel, and
 * mounts the handlers — the original events (`state`/`control`/`heartbeat`/`chat:send`), the sync
 * protocol, and the room's queue and rules.
 */
import {
	CHAT_HISTORY_ON_JOIN,
	DEFAULT_ROOM_ID,
	RoomIdSchema,
	toLegacyState,
	toRoomPlayback,
} from '@videotogether/shared';
import type { FastifyInstance } from 'fastify';
import { Compile } from 'typebox/compile';
import type { Clock } from '../lib/clock.js';
import type { Metrics } from '../lib/metrics.js';
import type { MediaServices } from '../modules/media/media-services.js';
import type { ChatService } from '../modules/chat/chat.service.js';
import type { RoomService } from '../modules/rooms/room.service.js';
import type { AppServer } from '../plugins/socket-io.js';
import { registerLegacyHandlers } from './legacy.handlers.js';
import { presence, roomChannel, roomDetails, sessionChannel } from './publisher.js';
import { registerRoomHandlers, ROOM_EVENTS } from './room.handlers.js';
import { registerSyncHandlers, SYNC_EVENTS } from './sync.handlers.js';
import { guardSocket } from './socket-guard.js';

export interface GatewayDeps {
	rooms: RoomService;
	chat: ChatService;
	clock: Clock;
	metrics: Metrics;
	media: MediaServices;
	/** Per-socket event budget (tests raise it). */
	eventsPerSecond?: number;
}

const KNOWN_EVENTS = new Set(['control', 'heartbeat', ...SYNC_EVENTS, ...ROOM_EVENTS]);
const IsRoomId = Compile(RoomIdSchema);

/** The room a handshake asks for: `auth.room` or the `room` query parameter; default room otherwise. */
function requestedRoom(auth: unknown, query: unknown): unknown {
	const fromAuth = (auth as { room?: unknown } | undefined)?.room;
	const fromQuery = (query as { room?: unknown } | undefined)?.room;
	return fromAuth ?? fromQuery ?? DEFAULT_ROOM_ID;
}

export function registerGateway(app: FastifyInstance, io: AppServer, deps: GatewayDeps): void {
	const { rooms, chat, clock, metrics, media } = deps;

	io.use((socket, next) => {
		app
			.sessionFromCookieHeader(socket.request.headers.cookie)
			.then((session) => {
				if (!session) return next(new Error('unauthorized'));
				const room = requestedRoom(socket.handshake.auth, socket.handshake.query);
				if (!IsRoomId.Check(room) || !rooms.has(room)) return next(new Error('room_not_found'));
				socket.data.user = session.user;
				socket.data.sessionTag = session.tag;
				socket.data.sessionId = session.sessionId;
				socket.data.roomId = room;
				next();
			})
			.catch((error: unknown) => {
				app.log.warn({ err: error }, 'socket handshake session lookup failed');
				next(new Error('unauthorized'));
			});
	});

	io.on('connection', (socket) => {
		const { user, roomId } = socket.data;
		const log = app.log.child({ socket: socket.id, userId: user.id, roomId });
		guardSocket(socket, log, deps.eventsPerSecond);
		void socket.join([roomChannel(roomId), sessionChannel(socket.data.sessionTag)]);
		const ctx = { socket, log, rooms, chat, clock, roomId, user, metrics, media };

		registerLegacyHandlers(ctx);
		registerSyncHandlers(ctx);
		registerRoomHandlers(ctx);
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
			.then(async ({ state }) => {
				const now = clock.nowMs();
				if (roomId === DEFAULT_ROOM_ID)
					socket.emit('state', toLegacyState(roomId, state.playback, now));
				socket.emit('playback:state', toRoomPlayback(roomId, state, now));
				socket.emit('room:info', roomDetails(state));
				socket.emit('room:members', { room: roomId, ...presence(state) });
				const history = await chat.history(roomId, CHAT_HISTORY_ON_JOIN);
				socket.emit('chat:history', history);
			})
			.catch((error: unknown) => log.error({ err: error }, 'join failed'));
		socket.on('disconnect', () => {
			void rooms.apply(roomId, { type: 'member-leave', memberId: socket.id });
		});
		log.debug('socket connected');
	});
}

/** Disconnect every socket of one login session (logout, expiry). */
export function endSessionSockets(io: AppServer, tag: string): void {
	io.in(sessionChannel(tag)).disconnectSockets(true);
}
