/**
 * Wraps a socket event handler: validates the payload against its compiled TypeBox schema, runs
 * the handler, and answers on the ack callback — or, when the client sent none, with an
 * `app:error` event for failures. Never lets an exception or rejection escape into Socket.IO.
 */
import type { TSchema, Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Ack, AckError, ErrorCode } from '@videotogether/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import { isAppError } from '../lib/errors.js';

/** A readable one-line summary of why a payload failed its schema. */
export function describeSchemaErrors(
	errors: Iterable<{ instancePath: string; message: string }>,
): string {
	const parts: string[] = [];
	for (const error of errors) {
		parts.push(`${error.instancePath || 'payload'} ${error.message}`);
		if (parts.length === 3) break;
	}
	return parts.join('; ') || 'payload is invalid';
}

export type HandlerResult<R extends object> = Ack<R> | R | void;

export function defineHandler<S extends TSchema, R extends object>(
	event: string,
	schema: S,
	socket: Socket,
	log: FastifyBaseLogger,
	handler: (payload: Static<S>) => Promise<HandlerResult<R>> | HandlerResult<R>,
): (...args: unknown[]) => void {
	const validator = Compile(schema);
	return (...args: unknown[]) => {
		const ack =
			typeof args[args.length - 1] === 'function'
				? (args.pop() as (r: unknown) => void)
				: undefined;
		const payload = args[0];
		const fail = (error: ErrorCode, message: string, extra: Record<string, unknown> = {}) => {
			const response: AckError = { ...extra, ok: false, error, message };
			if (ack) ack(response);
			else socket.emit('app:error', { event, error, message });
		};
		if (!validator.Check(payload)) {
			log.debug({ event, socket: socket.id }, 'invalid socket payload');
			fail(
				'invalid_payload',
				`Invalid ${event}: ${describeSchemaErrors(validator.Errors(payload))}`,
			);
			return;
		}
		Promise.resolve()
			.then(() => handler(payload))
			.then((result) => {
				if (result && 'ok' in result && result.ok === false) {
					const { error, message, ...extra } = result;
					fail(error, message, extra);
				} else if (ack) {
					ack({ ok: true, ...(result ?? {}) });
				}
			})
			.catch((error: unknown) => {
				if (isAppError(error)) {
					// The chat limiter (and any other per-user limit behind an event).
					if (error.code === 'rate_limited')
						log.info({ limiter: event, retryAfterS: error.extra.retry_after_s }, 'rate limit hit');
					fail(error.code, error.message, error.extra);
					return;
				}
				log.error({ err: error, event }, 'socket handler failed');
				fail('internal', 'Something went wrong on the server.');
			});
	};
}
