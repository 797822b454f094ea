/**
 * Input clean-up shared by the link parsers: length guard, surrounding whitespace (ASCII,
 * full-width, zero-width) and surrounding percent-encoded whitespace, and a whole link that was
 * percent-encoded once (`https%3A%2F%2F…`).
 */
import { fail, LinkError, MAX_LINK_INPUT_LENGTH, ok, type ParseResult } from './result.js';

/** Whitespace plus the invisible characters that ride along with copy/paste. */
const SPACE = '[\\s\\u200B-\\u200D\\u2060\\uFEFF]';
/** Percent-encoded space, tab, CR, LF, NBSP, ideographic space, zero-width space, BOM. */
const ENCODED_SPACE = '%(?:20|09|0A|0D|C2%A0|E3%80%80|E2%80%8B|EF%BB%BF)';
const EDGE_RE = new RegExp(
	`^(?:${SPACE}|${ENCODED_SPACE})+|(?:${SPACE}|${ENCODED_SPACE})+$`,
	'giu',
);
const ENCODED_URL_RE = /^(?:https?%3A)?%2F%2F/i;

/**
 * Trims `input` and rejects empty or over-long input.
 *
 * @returns the cleaned text, or `EMPTY` / `TOO_LONG`.
 */
export function cleanLinkInput(input: string): ParseResult<string> {
	if (typeof input !== 'string') return fail(LinkError.EMPTY, 'No link was given.');
	if (input.length > MAX_LINK_INPUT_LENGTH) {
		return fail(LinkError.TOO_LONG, `The link is longer than ${MAX_LINK_INPUT_LENGTH} characters.`);
	}
	let text = input.replace(EDGE_RE, '');
	if (ENCODED_URL_RE.test(text)) {
		try {
			text = decodeURIComponent(text).replace(EDGE_RE, '');
		} catch {
			// Malformed escapes: keep the text as it was; the parsers will reject it.
		}
	}
	if (text === '') return fail(LinkError.EMPTY, 'The link is empty.');
	return ok(text);
}
