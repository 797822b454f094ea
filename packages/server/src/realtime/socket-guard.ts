/**
 * Per-socket flood control: every inbound event counts against a sliding window (a normal client
 * sends a few per second: clock pings, drift reports, commands, chat). Past the window's limit
 * events are dropped with an `app:error`; a client that keeps flooding is disconnected.
 */
import { SlidingWindowLimiter } from '@videotogether/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';

/** Events allowed per socket per second. */
export const SOCKET_EVENTS_PER_SECOND = 40;
/** Dropped events tolerated per 10 s before the connection is closed. */
export const SOCKET_DROPS_BEFORE_DISCONNECT = 200;

export function guardSocket(
	socket: Socket,
	log: FastifyBaseLogger,
	perSecond = SOCKET_EVENTS_PER_SECOND,
	now: () => number = Date.now,
): void {
	const events = new SlidingWindowLimiter({ limit: perSecond, windowMs: 1_000 }, 1);
	const drops = new SlidingWindowLimiter(
		{ limit: SOCKET_DROPS_BEFORE_DISCONNECT, windowMs: 10_000 },
		1,
	);
	let warned = false;
	socket.use(([event], next) => {
		const t = now();
		const decision = events.take('e', t);
		if (decision.allowed) {
			next();
			return;
		}
		if (!drops.take('d', t).allowed) {
			log.warn(
				{ limiter: 'socket', event: String(event).slice(0, 64), disconnected: true },
				'rate limit hit',
			);
			socket.disconnect(true);
			return;
		}
		if (!warned) {
			warned = true;
			log.warn(
				{ limiter: 'socket', event: String(event).slice(0, 64), perSecond },
				'rate limit hit',
			);
		}
		socket.emit('app:error', {
			event: String(event).slice(0, 64),
			error: 'rate_limited',
			message: 'Too many messages: slow down.',
		});
	});
}
