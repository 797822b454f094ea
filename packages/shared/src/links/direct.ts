/**
 * Recognises plain media links (a file or manifest the browser can play directly).
 */
import { cleanLinkInput } from './input.js';
import { fail, LinkError, ok, type ParseResult } from './result.js';
import { tryParseUrl } from './url.js';

/** Container or streaming format, from the path's extension. */
export type DirectMediaFormat = 'mp4' | 'webm' | 'hls' | 'dash';

/** A playable media URL. `url` is the normalised absolute URL. */
export interface DirectMediaRef {
	kind: 'direct';
	url: string;
	format: DirectMediaFormat;
}

const FORMAT_BY_EXTENSION: Readonly<Record<string, DirectMediaFormat>> = {
	mp4: 'mp4',
	m4v: 'mp4',
	webm: 'webm',
	m3u8: 'hls',
	mpd: 'dash',
};
const EXTENSION_RE = /\.([a-z0-9]+)$/i;

/**
 * Parses an `http(s)` URL whose path ends in `.mp4`, `.m4v`, `.webm`, `.m3u8` or `.mpd` (any
 * case; query string and fragment allowed). The whole input must be the URL, bar surrounding
 * whitespace. URLs carrying a user name or password are refused: they would be shown to the
 * whole room, and browsers block credentials in media requests anyway.
 *
 * @returns `EMPTY` / `TOO_LONG` for bad input, `UNSUPPORTED` for everything else that is not such
 *   a link.
 */
export function parseDirectMediaLink(input: string): ParseResult<DirectMediaRef> {
	const cleaned = cleanLinkInput(input);
	if (!cleaned.ok) return cleaned;
	const url = tryParseUrl(cleaned.value);
	if (url === null) {
		return fail(LinkError.UNSUPPORTED, 'The link is not an absolute http or https URL.');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return fail(LinkError.UNSUPPORTED, 'Only http and https media links are supported.');
	}
	if (url.username !== '' || url.password !== '') {
		return fail(
			LinkError.UNSUPPORTED,
			'Media links with a user name or password are not supported.',
		);
	}
	const ext = EXTENSION_RE.exec(url.pathname)?.[1]?.toLowerCase();
	const format = ext === undefined ? undefined : FORMAT_BY_EXTENSION[ext];
	if (format === undefined) {
		return fail(LinkError.UNSUPPORTED, 'The link is not a .mp4, .m4v, .webm, .m3u8 or .mpd file.');
	}
	return ok({ kind: 'direct', url: url.href, format });
}
