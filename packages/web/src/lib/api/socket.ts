import { io, type Socket } from 'socket.io-client';
import {
	PROTOCOL_VERSION,
	SOCKET_PATH,
	type ClientToServerEvents,
	type ServerToClientEvents,
} from '@videotogether/shared';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The realtime connection (same origin, cookie-authenticated). Call `connect()` after login. */
export function createSocket(): AppSocket {
	return io({
		path: SOCKET_PATH,
		autoConnect: false,
		withCredentials: true,
		auth: { protocol: PROTOCOL_VERSION },
	});
}
