/**
 * Session storage behind the @fastify/session store interface. This is the embedded (memory)
 * implementation; expired sessions are never returned and are swept periodically.
 */
import type { Session } from 'fastify';
import type { Clock } from '../lib/clock.js';

type Callback = (err?: unknown) => void;
type GetCallback = (err: unknown, session?: Session | null) => void;

function expiresAtMs(session: Session): number | null {
	const expires = session.cookie?.expires;
	if (expires === undefined || expires === null) return null;
	const ms = new Date(expires).getTime();
	return Number.isFinite(ms) ? ms : null;
}

export class MemorySessionStore {
	readonly #sessions = new Map<string, string>();
	readonly #clock: Clock;

	constructor(clock: Clock) {
		this.#clock = clock;
	}

	set(sessionId: string, session: Session, callback: Callback): void {
		this.#sessions.set(sessionId, JSON.stringify(session));
		callback();
	}

	get(sessionId: string, callback: GetCallback): void {
		const raw = this.#sessions.get(sessionId);
		if (raw === undefined) {
			callback(null, null);
			return;
		}
		const session = JSON.parse(raw) as Session;
		const expires = expiresAtMs(session);
		if (expires !== null && expires <= this.#clock.nowMs()) {
			this.#sessions.delete(sessionId);
			callback(null, null);
			return;
		}
		callback(null, session);
	}

	destroy(sessionId: string, callback: Callback): void {
		this.#sessions.delete(sessionId);
		callback();
	}

	/** Drop expired sessions; returns how many were removed. */
	sweep(): number {
		const now = this.#clock.nowMs();
		let removed = 0;
		for (const [id, raw] of this.#sessions) {
			const expires = expiresAtMs(JSON.parse(raw) as Session);
			if (expires !== null && expires <= now) {
				this.#sessions.delete(id);
				removed++;
			}
		}
		return removed;
	}

	get size(): number {
		return this.#sessions.size;
	}
}
