/**
 * Small parsers for the pieces of a Bilibili link: video ids (BV/av), bangumi ids (ep/ss), the
 * part number and the start time.
 */
import { avToBv, isValidAid, normalizeBvid } from './bvid.js';
import { fail, LinkError, ok, type ParseResult } from './result.js';
import type { SearchParams } from './url.js';

const AV_RE = /^av(\d+)$/i;
const DIGITS_RE = /^\d+$/;
/** Seconds, optionally fractional. Bounded so `Number` stays exact enough and finite. */
const SECONDS_RE = /^\d{1,9}(?:\.\d{1,9})?$/;
const MILLIS_RE = /^\d{1,12}$/;
const PAGE_RE = /^\d{1,9}$/;

function invalid<T>(what: string): ParseResult<T> {
	return fail(LinkError.INVALID_ID, `The id ${what} is not a valid Bilibili id.`);
}

function notNumber<T>(label: string, digits: string): ParseResult<T> {
	return fail(LinkError.INVALID_ID, `The ${label} id ${quote(digits)} is not a number.`);
}

/** Shortens untrusted text before putting it in a message. */
function clip(s: string): string {
	return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function quote(s: string): string {
	return JSON.stringify(clip(s));
}

/**
 * Parses a decimal aid (no `av` prefix) into its BV id.
 */
export function bvidFromAidDigits(digits: string): ParseResult<string> {
	if (!DIGITS_RE.test(digits)) return notNumber('av', digits);
	const aid = BigInt(digits);
	if (!isValidAid(aid)) {
		return fail(LinkError.INVALID_ID, `av${clip(digits)} is out of range (1 to 2^51 - 1).`);
	}
	return ok(avToBv(aid));
}

/**
 * Parses a video id as it appears in a path or a bare paste: `BV1…` (prefix in any case) or
 * `av<digits>`, with an optional legacy `.html` suffix. Returns the canonical BV id.
 */
export function parseVideoId(raw: string): ParseResult<string> {
	const id = raw.replace(/\.html?$/i, '');
	if (/^bv/i.test(id)) {
		const bvid = normalizeBvid(id);
		return bvid === null ? invalid(quote(raw)) : ok(bvid);
	}
	const av = AV_RE.exec(id);
	if (av) return bvidFromAidDigits(av[1] as string);
	return invalid(quote(raw));
}

/**
 * Parses a positive decimal id (episode or season) into a safe integer.
 *
 * @param label - prefix for the error message, such as `ep`.
 */
export function parseNumericId(digits: string, label: string): ParseResult<number> {
	if (!DIGITS_RE.test(digits)) return notNumber(label, digits);
	const n = Number(digits);
	if (n < 1 || !Number.isSafeInteger(n)) {
		return fail(LinkError.INVALID_ID, `${label}${clip(digits)} is out of range.`);
	}
	return ok(n);
}

/**
 * The 1-based part number from `p` (or the older `page`); missing or invalid values give 1.
 */
export function readPage(params: SearchParams): number {
	const raw = params.get('p') ?? params.get('page');
	if (raw === null || !PAGE_RE.test(raw.trim())) return 1;
	return Math.max(1, Number(raw.trim()));
}

/**
 * The start time in seconds from `t` (seconds, may be fractional) or, failing that,
 * `start_progress` (milliseconds, used by app share links). Missing or garbage values give 0.
 */
export function readStartSec(params: SearchParams): number {
	const t = params.get('t')?.trim();
	if (t !== undefined && SECONDS_RE.test(t)) return Number(t);
	const ms = params.get('start_progress')?.trim();
	if (ms !== undefined && MILLIS_RE.test(ms)) return Number(ms) / 1000;
	return 0;
}
