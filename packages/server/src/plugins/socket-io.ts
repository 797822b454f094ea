/**
 * Socket.IO attached to Fastify's HTTP server (our own small plugin; fastify-socket.io targets
 * Fastify 4). Checks Origin on the handshake, caps message size, and shuts down with the app:
 * `preClose` drops every connection (else `server.close()` waits for them), `onClose` closes io.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import {
	SOCKET_MAX_PAYLOAD_BYTES,
	SOCKET_PATH,
	type ClientToServerEvents,
	type ServerToClientEvents,
	type SessionUser,
} from '@videotogether/shared';
import { isAllowedOrigin } from './origin-check.js';

export interface SocketData {
	user: SessionUser;
	/** Tag of the session this socket belongs to (its sockets share room `session:<tag>`). */
	sessionTag: string;
	/** The session id itself (server-side only; never logged or sent). */
	sessionId: string;
	roomId: string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;

declare module 'fastify' {
	interface FastifyInstance {
		io: AppServer;
	}
}

export default fp(
	async (app: FastifyInstance, opts: { allowedOrigins: readonly string[] }) => {
		const io: AppServer = new Server(app.server, {
			path: SOCKET_PATH,
			maxHttpBufferSize: SOCKET_MAX_PAYLOAD_BYTES,
			serveClient: false,
			// Same-origin only: no CORS headers are sent, and a foreign Origin is refused outright.
			allowRequest: (req, callback) => {
				const allowed = isAllowedOrigin(req.headers, opts.allowedOrigins);
				if (!allowed)
					app.log.warn(
						{ origin: req.headers.origin },
						'socket handshake from foreign origin refused',
					);
				callback(allowed ? null : 'forbidden_origin', allowed);
			},
			pingInterval: 10_000,
			pingTimeout: 8_000,
			connectionStateRecovery: undefined,
		});
		app.decorate('io', io);
		app.addHook('preClose', async () => {
			// Close the transports (not "server disconnect"): clients see a dropped connection and
			// reconnect by themselves — to this server when it comes back, or to a sibling process.
			io.engine.close();
		});
		app.addHook('onClose', async () => {
			// io.close() also closes the HTTP server, which Fastify is already closing.
			await new Promise<void>((resolve) => {
				void io.close(() => resolve());
			});
		});
	},
	{ name: 'socket-io' },
);
