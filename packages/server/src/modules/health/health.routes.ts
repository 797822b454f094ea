import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** Liveness and readiness probes (public; used by the compose healthcheck and load balancers). */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const Ok = Type.Object({ ok: Type.Literal(true) });
	app.get('/healthz', { schema: { tags: ['health'], response: { 200: Ok } } }, async () => ({
		ok: true as const,
	}));
	app.get('/readyz', { schema: { tags: ['health'], response: { 200: Ok } } }, async () => ({
		ok: true as const,
	}));
};

export default healthRoutes;
