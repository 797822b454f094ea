/**
 * `GET /metrics` in Prometheus text format. With APP_METRICS_TOKEN set, scrapers must send
 * `Authorization: Bearer <token>`; without it the endpoint is open (like most exporters).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '../lib/metrics.js';

declare module 'fastify' {
	interface FastifyInstance {
		metrics: Metrics;
	}
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export default fp(
	async (
		app: FastifyInstance,
		opts: { metrics: Metrics; token: string | null; refresh: () => void },
	) => {
		app.decorate('metrics', opts.metrics);
		app.get(
			'/metrics',
			{
				schema: {
					tags: ['operations'],
					summary: 'Prometheus metrics (Bearer APP_METRICS_TOKEN when set).',
				},
			},
			async (request, reply) => {
				if (opts.token !== null) {
					const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
					if (!timingSafeEqual(digest(given), digest(opts.token))) {
						return reply.code(401).send({
							ok: false,
							error: 'unauthorized',
							message: 'Send Authorization: Bearer <APP_METRICS_TOKEN>.',
						});
					}
				}
				opts.refresh();
				return reply
					.type(opts.metrics.registry.contentType)
					.send(await opts.metrics.registry.metrics());
			},
		);
	},
	{ name: 'metrics' },
);
