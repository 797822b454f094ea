import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema } from '@videotogether/shared';
import { Type } from 'typebox';
import type { AppStore } from '../../store/store.js';

/** Liveness (`/healthz`) and readiness (`/readyz`: the store answers). Public, for probes. */
const healthRoutes: FastifyPluginAsyncTypebox<{ store: AppStore }> = async (app, { store }) => {
	const Ok = Type.Object({ ok: Type.Literal(true) });
	app.get('/healthz', { schema: { tags: ['health'], response: { 200: Ok } } }, async () => ({
		ok: true as const,
	}));
	app.get(
		'/readyz',
		{
			schema: {
				tags: ['health'],
				response: {
					200: Type.Object({ ok: Type.Literal(true), store: Type.String() }),
					503: ApiErrorSchema,
				},
			},
		},
		async (request, reply) => {
			try {
				await store.ping();
				return { ok: true as const, store: store.kind };
			} catch (error) {
				request.log.warn({ err: error }, 'store not ready');
				return reply
					.code(503)
					.send({ ok: false, error: 'unavailable', message: 'Storage is not reachable.' });
			}
		},
	);
};

export default healthRoutes;
