/**
 * The original login API (design §4): `GET /login` (the SPA's login screen), `POST /login` (JSON
 * or form), `POST /logout`; plus `GET /api/auth/options` and `GET /api/session` for the SPA.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
	ApiErrorSchema,
	AuthOptionsSchema,
	LoginBodySchema,
	LoginOkSchema,
	SessionInfoSchema,
} from '@videotogether/shared';
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.js';
import { SESSION_COOKIE, sessionTag } from '../../plugins/session.js';
import type { AuthService } from './auth.service.js';

export interface AuthRoutesOptions {
	auth: AuthService;
	/** Called with a session's tag when it ends, to disconnect its sockets. */
	onSessionEnded: (tag: string) => void;
	/** Called with the reason of every failed login (metrics). */
	onLoginFailed?: (reason: string) => void;
}

/** Only same-site relative paths may be a post-login destination. */
export function safeNext(next: unknown): string {
	if (
		typeof next !== 'string' ||
		!next.startsWith('/') ||
		next.startsWith('//') ||
		next.includes('\\')
	) {
		return '/';
	}
	return next;
}

const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (
	app,
	{ auth, onSessionEnded, onLoginFailed },
) => {
	app.get(
		'/api/auth/options',
		{ schema: { tags: ['auth'], response: { 200: AuthOptionsSchema } } },
		async () => auth.options,
	);

	app.get(
		'/api/session',
		{ schema: { tags: ['auth'], response: { 200: SessionInfoSchema, 401: ApiErrorSchema } } },
		async (request) => {
			if (!request.user) throw new AppError('unauthorized', 401, 'Log in first.');
			return { ok: true as const, user: request.user };
		},
	);

	app.post(
		'/login',
		{
			attachValidation: true,
			schema: {
				tags: ['auth'],
				summary:
					'Log in with the shared password ({password, name?}) or an account ({user_id, password}).',
				consumes: ['application/json', 'application/x-www-form-urlencoded'],
				body: Type.Intersect([
					LoginBodySchema,
					Type.Object({ next: Type.Optional(Type.String({ maxLength: 2048 })) }),
				]),
				response: {
					200: LoginOkSchema,
					400: ApiErrorSchema,
					401: ApiErrorSchema,
					429: ApiErrorSchema,
				},
			},
		},
		async (request, reply) => {
			const isForm = (request.headers['content-type'] ?? '').startsWith(
				'application/x-www-form-urlencoded',
			);
			try {
				if (request.validationError || typeof request.body !== 'object' || request.body === null) {
					throw new AppError(
						'missing_credentials',
						400,
						'Send {password} or {user_id, password} as strings.',
					);
				}
				const user = await auth.login(request.body, request.ip);
				const previous = request.session.user ? sessionTag(request.session.sessionId) : null;
				// A new session id on every login: a planted cookie never becomes a logged-in session.
				await request.session.regenerate();
				request.session.user = user;
				if (previous) onSessionEnded(previous);
				request.log.info({ userId: user.id, kind: user.kind }, 'login succeeded');
				if (isForm) return reply.redirect(safeNext(request.body.next), 303);
				return { ok: true as const, user };
			} catch (error) {
				if (error instanceof AppError) {
					request.log.info({ reason: error.code, ip: request.ip }, 'login failed');
					if (error.status === 429)
						request.log.warn(
							{ limiter: 'login', ip: request.ip, retryAfterS: error.extra.retry_after_s },
							'rate limit hit',
						);
					onLoginFailed?.(error.code);
					if (error.status === 429) reply.header('retry-after', String(error.extra.retry_after_s));
					if (isForm && (request.headers.accept ?? '').includes('text/html')) {
						return reply.redirect(`/login?error=${error.code}`, 303);
					}
				}
				throw error;
			}
		},
	);

	app.post(
		'/logout',
		{ schema: { tags: ['auth'], response: { 200: Type.Object({ ok: Type.Literal(true) }) } } },
		async (request, reply) => {
			const tag = request.session.user ? sessionTag(request.session.sessionId) : null;
			await request.session.destroy();
			if (tag) onSessionEnded(tag);
			reply.clearCookie(SESSION_COOKIE, { path: '/' });
			return { ok: true as const };
		},
	);
};

export default authRoutes;
