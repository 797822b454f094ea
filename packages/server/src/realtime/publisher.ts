import {
	publicMembers,
	toLegacyState,
	toRoomPlayback,
	DEFAULT_ROOM_ID,
	type RoomState,
} from '@videotogether/shared';
import type { Clock } from '../lib/clock.js';
import type { RoomPublisher } from '../modules/rooms/room.service.js';
import type { AppServer } from '../plugins/socket-io.js';

/** Socket.IO room name of a watch room. */
export const roomChannel = (roomId: string) => `room:${roomId}`;
/** Socket.IO room holding every socket of one login session. */
export const sessionChannel = (tag: string) => `session:${tag}`;

/** Publishes room changes to the room's sockets (new events, plus the original `state` for the default room). */
export class SocketIoRoomPublisher implements RoomPublisher {
	constructor(
		private readonly io: () => AppServer,
		private readonly clock: Clock,
	) {}

	publishPlayback(roomId: string, state: RoomState): void {
		const now = this.clock.nowMs();
		const channel = this.io().to(roomChannel(roomId));
		channel.emit('playback:state', toRoomPlayback(roomId, state, now));
		if (roomId === DEFAULT_ROOM_ID)
			channel.emit('state', toLegacyState(roomId, state.playback, now));
	}

	publishMembers(roomId: string, state: RoomState): void {
		this.io()
			.to(roomChannel(roomId))
			.emit('room:members', { room: roomId, members: publicMembers(state) });
	}
}
