/**
 * Adapts a `SessionRepository` (embedded or Redis) to the callback interface @fastify/session
 * expects. Expiry comes from the session cookie's `expires`; expired sessions are never returned.
 */
import type { Session } from 'fastify';
import type { Clock } from '../lib/clock.js';
import type { SessionRepository } from './store.js';

type Callback = (err?: unknown) => void;
type GetCallback = (err: unknown, session?: Session | null) => void;

function expiresAtMs(session: Session): number | null {
	const expires = session.cookie?.expires;
	if (expires === undefined || expires === null) return null;
	const ms = new Date(expires).getTime();
	return Number.isFinite(ms) ? ms : null;
}

export class SessionStoreAdapter {
	constructor(
		private readonly repo: SessionRepository,
		private readonly clock: Clock,
	) {}

	set(sessionId: string, session: Session, callback: Callback): void {
		const record = {
			data: JSON.parse(JSON.stringify(session)) as Record<string, unknown>,
			expiresAtMs: expiresAtMs(session),
		};
		this.repo.set(sessionId, record).then(() => callback(), callback);
	}

	get(sessionId: string, callback: GetCallback): void {
		this.repo.get(sessionId).then((record) => {
			if (!record || (record.expiresAtMs !== null && record.expiresAtMs <= this.clock.nowMs())) {
				callback(null, null);
				return;
			}
			callback(null, record.data as unknown as Session);
		}, callback);
	}

	destroy(sessionId: string, callback: Callback): void {
		this.repo.destroy(sessionId).then(() => callback(), callback);
	}
}
