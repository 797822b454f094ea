import {
	publicMembers,
	toLegacyState,
	toRoomPlayback,
	DEFAULT_ROOM_ID,
	PRESENCE_LIST_MAX,
	type ChatMessage,
	type RoomState,
} from '@videotogether/shared';
import type { Clock } from '../lib/clock.js';
import type { ChatPublisher } from '../modules/chat/chat.service.js';
import type { RoomPublisher } from '../modules/rooms/room.service.js';
import type { AppServer } from '../plugins/socket-io.js';

/** Socket.IO room name of a watch room. */
export const roomChannel = (roomId: string) => `room:${roomId}`;
/** Socket.IO room holding every socket of one login session. */
export const sessionChannel = (tag: string) => `session:${tag}`;

/** The `room:members` payload (without the room id). */
export const presence = (state: RoomState) => ({
	members: publicMembers(state, PRESENCE_LIST_MAX),
	count: Object.keys(state.members).length,
});

/** The `room:info` payload. */
export const roomDetails = (state: RoomState) => ({ room: state.info, queue: state.queue });

/** Publishes room changes to the room's sockets (new events, plus the original `state` for the default room). */
export class SocketIoPublisher implements RoomPublisher, ChatPublisher {
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
			.emit('room:members', { room: roomId, ...presence(state) });
	}

	publishRoom(roomId: string, state: RoomState): void {
		this.io().to(roomChannel(roomId)).emit('room:info', roomDetails(state));
	}

	closeRoom(roomId: string): void {
		const channel = this.io().in(roomChannel(roomId));
		this.io().to(roomChannel(roomId)).emit('room:closed', { room: roomId });
		channel.disconnectSockets(true);
	}

	publishChat(roomId: string, message: ChatMessage): void {
		// The original `chat:message` event carries the message object.
		this.io().to(roomChannel(roomId)).emit('chat:message', message);
	}
}
