import { toLegacyState, type PlaybackState } from '@videotogether/shared';
import type { Clock } from '../lib/clock.js';
import type { RoomPublisher } from '../modules/rooms/room.service.js';
import type { AppServer } from '../plugins/socket-io.js';

/** Socket.IO room name of a watch room. */
export const roomChannel = (roomId: string) => `room:${roomId}`;
/** Socket.IO room holding every socket of one login session. */
export const sessionChannel = (tag: string) => `session:${tag}`;

/** Publishes room changes to the room's sockets. */
export class SocketIoRoomPublisher implements RoomPublisher {
	constructor(
		private readonly io: () => AppServer,
		private readonly clock: Clock,
	) {}

	publishState(roomId: string, state: PlaybackState): void {
		this.io()
			.to(roomChannel(roomId))
			.emit('state', toLegacyState(roomId, state, this.clock.nowMs()));
	}
}
