/**
 * The login gate. Public: the login screen and API, health checks, auth options and static assets.
 * Everything else needs a session user: pages redirect to `/login?next=…`, API calls get 401.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionUser } from '@videotogether/shared';

declare module 'fastify' {
	interface FastifyRequest {
		/** The logged-in user (set by the gate on protected routes). */
		user: SessionUser | null;
	}
}

const PUBLIC_EXACT = new Set([
	'/login',
	'/logout',
	'/healthz',
	'/readyz',
	'/metrics',
	'/api/auth/options',
	'/favicon.ico',
	'/favicon.svg',
	'/robots.txt',
]);
const PUBLIC_PREFIXES = ['/assets/'];

function isPublic(path: string): boolean {
	return PUBLIC_EXACT.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p));
}

/** Does this request want a page (a browser navigation) rather than data? */
export function wantsHtml(request: FastifyRequest): boolean {
	if (request.method !== 'GET' && request.method !== 'HEAD') return false;
	if (request.url.startsWith('/api/')) return false;
	return (request.headers.accept ?? '').includes('text/html');
}

export default fp(
	async (app: FastifyInstance) => {
		app.decorateRequest('user', null);
		app.addHook('onRequest', async (request, reply) => {
			request.user = request.session?.user ?? null;
			const path = request.url.split('?')[0] ?? '/';
			if (request.user || isPublic(path)) return;
			// `/` always redirects (the original behaviour); other pages only for browser navigations.
			if ((path === '/' && request.method === 'GET') || wantsHtml(request)) {
				const next = path === '/' ? '' : `?next=${encodeURIComponent(request.url)}`;
				return reply.redirect(`/login${next}`, 302);
			}
			return reply.code(401).send({ ok: false, error: 'unauthorized', message: 'Log in first.' });
		});
	},
	{ name: 'auth-gate', dependencies: ['session'] },
);
