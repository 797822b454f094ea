import { io, type Socket } from 'socket.io-client';
import {
	DEFAULT_ROOM_ID,
	PROTOCOL_VERSION,
	SOCKET_PATH,
	type ClientToServerEvents,
	type ServerToClientEvents,
} from '@videotogether/shared';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The realtime connection to one room (same origin, cookie-authenticated; the room is chosen in
 * the handshake). Call `connect()` after login. Another room means another socket.
 */
export function createSocket(roomId: string = DEFAULT_ROOM_ID): AppSocket {
	return io({
		path: SOCKET_PATH,
		autoConnect: false,
		withCredentials: true,
		// A fresh Manager per socket: sockets of rooms left behind never share its reconnects.
		forceNew: true,
		auth: { protocol: PROTOCOL_VERSION, room: roomId },
	});
}
