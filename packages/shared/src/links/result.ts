/**
 * Result and error types shared by every link parser in this folder.
 *
 * Parsers never throw on bad input: they return `{ ok: false, error, message }` so callers can map
 * the code to a translated message and fall back to `message` (English) elsewhere.
 */

/** Why a link could not be parsed. */
export const LinkError = {
	EMPTY: 'empty',
	TOO_LONG: 'too_long',
	NOT_BILIBILI: 'not_bilibili',
	NO_VIDEO_ID: 'no_video_id',
	INVALID_ID: 'invalid_id',
	UNSUPPORTED: 'unsupported_link',
} as const;
export type LinkError = (typeof LinkError)[keyof typeof LinkError];

/** Outcome of a parser: the value, or an error code plus a short English sentence. */
export type ParseResult<T> =
	{ ok: true; value: T } | { ok: false; error: LinkError; message: string };

/** The longest input (in UTF-16 code units) any parser here looks at. */
export const MAX_LINK_INPUT_LENGTH = 2048;

/** Builds a successful result. */
export function ok<T>(value: T): ParseResult<T> {
	return { ok: true, value };
}

/** Builds a failed result. */
export function fail<T = never>(error: LinkError, message: string): ParseResult<T> {
	return { ok: false, error, message };
}
