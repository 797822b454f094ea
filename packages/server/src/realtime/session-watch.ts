/**
 * Sockets live only as long as their login session: a periodic check disconnects every socket
 * whose session was logged out elsewhere (another process) or has expired.
 */
import type { FastifyInstance } from 'fastify';
import type { AppServer } from '../plugins/socket-io.js';
import { endSessionSockets } from './gateway.js';

export function watchSessions(app: FastifyInstance, io: AppServer, everyMs = 30_000): () => void {
	const check = async () => {
		const seen = new Map<string, string>();
		for (const socket of await io.local.fetchSockets())
			seen.set(socket.data.sessionTag, socket.data.sessionId);
		for (const [tag, sessionId] of seen) {
			if (!(await app.sessionAlive(sessionId))) {
				app.log.info('session ended: disconnecting its sockets');
				endSessionSockets(io, tag);
			}
		}
	};
	const timer = setInterval(
		() =>
			void check().catch((error: unknown) => app.log.warn({ err: error }, 'session check failed')),
		everyMs,
	);
	timer.unref();
	return () => clearInterval(timer);
}
