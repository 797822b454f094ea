/**
 * Serves the built SPA: hashed assets with long caching, `index.html` (never cached) for every
 * page route (`/`, `/login`, `/r/…`), and JSON 404s for everything else.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { wantsHtml } from './auth-gate.js';

const MISSING_BUILD_PAGE = `<!doctype html><meta charset="utf-8"><title>VideoTogether</title>
<p>The web app is not built. Run <code>pnpm build</code>, or use <code>pnpm dev</code> and open http://localhost:5173.</p>`;

export default fp(
	async (app: FastifyInstance, opts: { webDir: string | null }) => {
		const indexPath = opts.webDir ? join(opts.webDir, 'index.html') : null;
		const hasBuild = indexPath !== null && existsSync(indexPath);
		const indexHtml = hasBuild && indexPath ? readFileSync(indexPath, 'utf8') : MISSING_BUILD_PAGE;

		if (hasBuild && opts.webDir) {
			await app.register(fastifyStatic, {
				root: opts.webDir,
				prefix: '/',
				wildcard: false,
				index: false,
				setHeaders: (reply, path) => {
					if (path.includes('/assets/'))
						reply.header('cache-control', 'public, max-age=31536000, immutable');
				},
			});
		}

		const sendIndex = (reply: FastifyReply) =>
			reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);

		app.get(
			'/',
			{
				schema: {
					tags: ['pages'],
					summary: 'The room page (HTML); redirects to /login without a session.',
					produces: ['text/html'],
				},
			},
			async (_request, reply) => sendIndex(reply),
		);
		app.get(
			'/login',
			{ schema: { tags: ['pages'], summary: 'The login screen (HTML).', produces: ['text/html'] } },
			async (_request, reply) => sendIndex(reply),
		);

		app.setNotFoundHandler(async (request, reply) => {
			if (wantsHtml(request)) return sendIndex(reply);
			return reply.code(404).send({ ok: false, error: 'not_found', message: 'No such route.' });
		});
	},
	{ name: 'web-static', dependencies: ['auth-gate'] },
);
