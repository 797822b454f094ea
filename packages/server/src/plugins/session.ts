/**
 * Cookie sessions: a signed, httpOnly, SameSite=Lax cookie naming a server-side session (Secure
 * when the request arrived over HTTPS, which honours APP_TRUST_PROXY). Also exposes
 * `app.sessionUserFromCookieHeader` for the Socket.IO handshake.
 */
import { createHash } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionUser } from '@videotogether/shared';
import type { Clock } from '../lib/clock.js';
import { SessionStoreAdapter } from '../store/session.store.js';
import type { SessionRepository } from '../store/store.js';

export const SESSION_COOKIE = 'vt.sid';

declare module 'fastify' {
	interface Session {
		user?: SessionUser;
	}
	interface FastifyInstance {
		/** Resolve the user of a raw `Cookie` header (Socket.IO handshake), with the session id's tag. */
		sessionFromCookieHeader(
			cookieHeader: string | undefined,
		): Promise<{ user: SessionUser; tag: string; sessionId: string } | null>;
		/** Is this session still valid (not logged out, not expired)? */
		sessionAlive(sessionId: string): Promise<boolean>;
	}
}

export interface SessionPluginOptions {
	secretKey: string;
	maxAgeS: number;
	clock: Clock;
	sessions: SessionRepository;
}

/**
 * A short, non-reversible tag of a session id: names the Socket.IO room of that session's sockets
 * without putting the id itself anywhere else.
 */
export function sessionTag(sessionId: string): string {
	return createHash('sha256').update(sessionId).digest('base64url').slice(0, 22);
}

/** @fastify/session wants ≥ 32 characters; derive a fixed-length signing key from any secret. */
function signingSecret(secretKey: string): string {
	return createHash('sha256').update(`videotogether-session:${secretKey}`).digest('hex');
}

export default fp(
	async (app: FastifyInstance, opts: SessionPluginOptions) => {
		const store = new SessionStoreAdapter(opts.sessions, opts.clock);
		await app.register(fastifyCookie);
		await app.register(fastifySession, {
			secret: signingSecret(opts.secretKey),
			cookieName: SESSION_COOKIE,
			store,
			saveUninitialized: false,
			rolling: false,
			cookie: {
				httpOnly: true,
				sameSite: 'lax',
				secure: 'auto',
				path: '/',
				maxAge: opts.maxAgeS * 1000,
			},
		});

		app.decorate('sessionAlive', async (sessionId: string) => {
			const record = await opts.sessions.get(sessionId);
			return (
				record !== null && (record.expiresAtMs === null || record.expiresAtMs > opts.clock.nowMs())
			);
		});

		app.decorate('sessionFromCookieHeader', async (cookieHeader: string | undefined) => {
			const raw = cookieHeader ? app.parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
			if (!raw) return null;
			const holder = {} as FastifyRequest;
			await new Promise<void>((resolve, reject) =>
				app.decryptSession(raw, holder, (err?: unknown) => (err ? reject(err) : resolve())),
			);
			const user = holder.session?.user;
			if (!user) return null;
			return {
				user,
				tag: sessionTag(holder.session.sessionId),
				sessionId: holder.session.sessionId,
			};
		});
	},
	{ name: 'session' },
);
