/**
 * One error handler: our `AppError`s become `{ok:false, error, message}` with their status; schema
 * failures become 400 `invalid_payload`; everything else is logged with request context and
 * answered with a generic 500 (no stack traces or internal messages leave the server).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isAppError } from '../lib/errors.js';
import { redactUrl } from '../lib/log-redact.js';

export default fp(
	async (app: FastifyInstance) => {
		app.setErrorHandler((error: FastifyError, request, reply) => {
			if (isAppError(error)) {
				return reply
					.code(error.status)
					.send({ ok: false, error: error.code, message: error.message, ...error.extra });
			}
			if (error.validation) {
				return reply.code(400).send({
					ok: false,
					error: 'invalid_payload',
					message: `Invalid request ${error.validationContext ?? 'body'}: ${error.message}`,
				});
			}
			const status = error.statusCode ?? 500;
			if (status >= 500) {
				request.log.error(
					{ err: error, method: request.method, url: redactUrl(request.url) },
					'request failed',
				);
				return reply
					.code(500)
					.send({ ok: false, error: 'internal', message: 'Internal Server Error' });
			}
			const code =
				status === 413 ? 'payload_too_large' : status === 429 ? 'rate_limited' : 'invalid_payload';
			return reply.code(status).send({ ok: false, error: code, message: error.message });
		});
	},
	{ name: 'error-handler' },
);
