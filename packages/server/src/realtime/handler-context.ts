import type { SessionUser } from '@videotogether/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import type { Clock } from '../lib/clock.js';
import type { Metrics } from '../lib/metrics.js';
import type { ChatService } from '../modules/chat/chat.service.js';
import type { RoomService } from '../modules/rooms/room.service.js';
import type { MediaServices } from '../modules/media/media-services.js';

/** What every handler group gets for one connected socket. */
export interface HandlerContext {
	socket: Socket;
	log: FastifyBaseLogger;
	rooms: RoomService;
	chat: ChatService;
	metrics: Metrics;
	media: MediaServices;
	clock: Clock;
	roomId: string;
	user: SessionUser;
}
