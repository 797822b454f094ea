/**
 * Cross-site request defence for state-changing HTTP requests: when the browser says where the
 * request comes from (`Origin`, or `Sec-Fetch-Site`), it must be this site or an allowed origin.
 * Non-browser clients send neither and are judged by their session alone (SameSite=Lax cookie).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Is `origin` the same site as the request (by Host header) or one of `allowed`? */
export function isAllowedOrigin(headers: IncomingHttpHeaders, allowed: readonly string[]): boolean {
	const origin = headers.origin;
	if (origin === undefined) {
		// No Origin: only a browser's explicit cross-site marker is refused.
		return headers['sec-fetch-site'] !== 'cross-site';
	}
	if (origin === 'null') return false;
	let parsed: URL;
	try {
		parsed = new URL(origin);
	} catch {
		return false;
	}
	if (allowed.includes(parsed.origin)) return true;
	const host = headers['x-forwarded-host'] ?? headers.host;
	const hostValue = Array.isArray(host) ? host[0] : host;
	return hostValue !== undefined && parsed.host === hostValue.split(',')[0]?.trim();
}

export default fp(
	async (app: FastifyInstance, opts: { allowedOrigins: readonly string[] }) => {
		app.addHook('onRequest', async (request: FastifyRequest, reply) => {
			if (SAFE_METHODS.has(request.method)) return;
			if (isAllowedOrigin(request.headers, opts.allowedOrigins)) return;
			request.log.warn({ origin: request.headers.origin }, 'cross-origin request refused');
			return reply.code(403).send({
				ok: false,
				error: 'forbidden_origin',
				message: 'This request must come from the VideoTogether page itself.',
			});
		});
	},
	{ name: 'origin-check' },
);
