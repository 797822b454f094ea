import { Type, type Static } from 'typebox';

/**
 * Every error code the server sends to clients, over HTTP (`{ok:false, error}`) and in socket acks.
 * The web app translates each code; `message` fields are English fallbacks for other clients.
 */
export const ErrorCode = {
	UNAUTHORIZED: 'unauthorized',
	INVALID_CREDENTIALS: 'invalid_credentials',
	MISSING_CREDENTIALS: 'missing_credentials',
	RATE_LIMITED: 'rate_limited',
	INVALID_PAYLOAD: 'invalid_payload',
	INVALID_LINK: 'invalid_link',
	UNSUPPORTED_LINK: 'unsupported_link',
	FORBIDDEN_ORIGIN: 'forbidden_origin',
	NOT_FOUND: 'not_found',
	NO_MEDIA: 'no_media',
	STALE_SEQ: 'stale_seq',
	NOT_ALLOWED: 'not_allowed',
	PAYLOAD_TOO_LARGE: 'payload_too_large',
	TOO_LONG: 'too_long',
	ROOM_NOT_FOUND: 'room_not_found',
	UNAVAILABLE: 'unavailable',
	INTERNAL: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Any error code (kept open-ended on the wire so older clients accept newer codes). */
export const ErrorCodeSchema = Type.String();

/** The error body of every failed HTTP call: `{ok:false, error, message}` (plus extras such as `retry_after_s`). */
export const ApiErrorSchema = Type.Object({
	ok: Type.Literal(false),
	error: Type.String(),
	message: Type.Optional(Type.String()),
	retry_after_s: Type.Optional(Type.Integer({ minimum: 0 })),
	/** Finer reason, e.g. which part of a link was wrong. */
	reason: Type.Optional(Type.String()),
});
export type ApiError = Static<typeof ApiErrorSchema>;
