/**
 * Parses anything a person might paste to mean "this Bilibili video" into a {@link BilibiliRef}
 * (docs: bilibili-upstream.md §1). Pure and offline: short links that are not themselves an id
 * come back as `kind: 'shortlink'` for the server to resolve.
 */
import { normalizeBvid } from './bvid.js';
import { findCandidates } from './scan.js';
import { cleanLinkInput } from './input.js';
import { bvidFromAidDigits, parseNumericId, parseVideoId, readPage, readStartSec } from './ids.js';
import { fail, LinkError, ok, type ParseResult } from './result.js';
import { tryParseUrl, type ParsedUrl } from './url.js';

export { LinkError, type ParseResult } from './result.js';

/** A Bilibili video reference. `startSec` is ≥ 0 and may be fractional. */
export type BilibiliRef =
	/** A UGC video; `page` is the 1-based part number. */
	| { kind: 'video'; bvid: string; page: number; startSec: number }
	/** A bangumi (PGC) episode. */
	| { kind: 'episode'; epId: number; startSec: number }
	/** A bangumi (PGC) season. */
	| { kind: 'season'; seasonId: number; startSec: number }
	/** A short link to resolve by redirect: `https://b23.tv/<code>` or `https://bili2233.cn/<code>`. */
	| { kind: 'shortlink'; url: string; startSec: number };

const SHORT_HOSTS = new Set(['b23.tv', 'bili2233.cn']);
const SHORT_CODE_RE = /^[A-Za-z0-9]{1,32}$/;
const NUMBERED_RE = /^(ep|ss|md)(\d+)$/i;
const LEGACY_PAGE_RE = /^index_(\d{1,9})\.html?$/i;
/** Schemes that must never be dug into for an embedded link. */
const DANGEROUS_SCHEME_RE = /^(?:javascript|vbscript|data|file|blob|about):/i;

type Result = ParseResult<BilibiliRef>;

function video(bvid: ParseResult<string>, page: number, startSec: number): Result {
	return bvid.ok ? ok({ kind: 'video', bvid: bvid.value, page, startSec }) : bvid;
}

/** `ep123` / `ss123` (any case) into a ref; `md…` (media pages) is unsupported. */
function numbered(prefix: string, digits: string, startSec: number): Result {
	const kind = prefix.toLowerCase();
	if (kind === 'md') {
		return fail(
			LinkError.UNSUPPORTED,
			'Bangumi media pages (md…) are not supported; use an ep or ss link.',
		);
	}
	const id = parseNumericId(digits, kind);
	if (!id.ok) return id;
	return ok(
		kind === 'ep'
			? { kind: 'episode', epId: id.value, startSec }
			: { kind: 'season', seasonId: id.value, startSec },
	);
}

/** A bare id: `BV…`, `av…`, `ep…`, `ss…` (and `md…`, rejected). */
function parseBareId(text: string): Result {
	const m = NUMBERED_RE.exec(text);
	if (m) return numbered(m[1] as string, m[2] as string, 0);
	return video(parseVideoId(text), 1, 0);
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** b23.tv / bili2233.cn: an id in the path parses offline, anything else is a code to resolve. */
function parseShortUrl(url: ParsedUrl, host: string): Result {
	const code = url.pathname.split('/').filter(Boolean).map(safeDecode)[0];
	const startSec = readStartSec(url.searchParams);
	if (code === undefined) return fail(LinkError.NO_VIDEO_ID, `The ${host} link has no code.`);
	const m = NUMBERED_RE.exec(code);
	if (m && m[1]?.toLowerCase() !== 'md') return numbered(m[1] as string, m[2] as string, startSec);
	const asVideo = parseVideoId(code);
	if (asVideo.ok) return video(asVideo, readPage(url.searchParams), startSec);
	if (!SHORT_CODE_RE.test(code)) {
		return fail(LinkError.INVALID_ID, `The ${host} link has an invalid code.`);
	}
	return ok({ kind: 'shortlink', url: `https://${host}/${code}`, startSec });
}

/** Any page on bilibili.com or a subdomain: paths first, then the query string. */
function parseMainUrl(url: ParsedUrl, host: string): Result {
	const q = url.searchParams;
	const startSec = readStartSec(q);
	const segs = url.pathname.split('/').filter(Boolean).map(safeDecode);
	const at = segs[0] === 's' ? 1 : 0; // `/s/video/BV…` is the mobile share path
	const head = segs[at]?.toLowerCase();
	if (host === 'live.bilibili.com') {
		return fail(LinkError.UNSUPPORTED, 'Bilibili live streams are not supported.');
	}
	if (head === 'video' && segs[at + 1] !== undefined) {
		const legacy = LEGACY_PAGE_RE.exec(segs[at + 2] ?? '');
		const page = q.has('p') || q.has('page') || !legacy ? readPage(q) : Number(legacy[1]) || 1;
		return video(parseVideoId(segs[at + 1] as string), Math.max(1, page), startSec);
	}
	const sub = segs[at + 1]?.toLowerCase();
	if (head === 'bangumi' && (sub === 'play' || sub === 'media') && segs[at + 2]) {
		const m = NUMBERED_RE.exec(segs[at + 2] as string);
		if (!m) return fail(LinkError.INVALID_ID, 'The bangumi link has no valid ep or ss id.');
		return numbered(m[1] as string, m[2] as string, startSec);
	}
	if (head === 'cheese') {
		return fail(LinkError.UNSUPPORTED, 'Bilibili paid courses (cheese) are not supported.');
	}
	// Query ids, in the embed player's priority order: episodeId beats bvid/aid.
	const ep = q.get('episodeId') ?? q.get('ep_id');
	if (ep !== null) return numbered('ep', ep.trim(), startSec);
	const bvid = q.get('bvid');
	if (bvid !== null) return video(parseVideoId(bvid.trim()), readPage(q), startSec);
	const aid = q.get('aid') ?? q.get('avid');
	if (aid !== null) return video(bvidFromAidDigits(aid.trim()), readPage(q), startSec);
	const ss = q.get('seasonId') ?? q.get('season_id');
	if (ss !== null) return numbered('ss', ss.trim(), startSec);
	// Last resort: a BV id as any path segment (`/medialist/play/watchlater/BV…`).
	const inPath = segs.map(normalizeBvid).find((id) => id !== null);
	if (inPath) return ok({ kind: 'video', bvid: inPath, page: readPage(q), startSec });
	return fail(LinkError.NO_VIDEO_ID, 'The Bilibili link does not point to a video.');
}

/** Parses one absolute URL string; foreign hosts and schemes give `NOT_BILIBILI`. */
function parseUrl(text: string): Result {
	const url = tryParseUrl(text);
	if (url === null) return fail(LinkError.NOT_BILIBILI, 'The link could not be read as a URL.');
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return fail(LinkError.NOT_BILIBILI, 'Only http and https links are supported.');
	}
	const host = url.hostname.toLowerCase().replace(/\.$/, '');
	if (SHORT_HOSTS.has(host)) return parseShortUrl(url, host);
	if (host === 'bilibili.com' || host.endsWith('.bilibili.com')) return parseMainUrl(url, host);
	return fail(LinkError.NOT_BILIBILI, 'The link is not on a Bilibili site.');
}

/**
 * Parses a Bilibili link, bare id or share text into a {@link BilibiliRef}.
 *
 * Accepts BV/av ids, video pages (`www`, `m`, `/s/video/`), `?bvid=` on any bilibili.com page,
 * embed player URLs, bangumi `ep`/`ss` links and ids, and b23.tv / bili2233.cn short links; also
 * the first such link or id inside pasted share text (URLs win over bare ids). `p`/`page` gives
 * the part (invalid → 1) and `t` (seconds) or `start_progress` (ms) the start time (invalid → 0).
 *
 * @example
 * parseBilibiliLink('https://www.bilibili.com/video/BV1y7411Q7Eq?p=2&t=90');
 * // { ok: true, value: { kind: 'video', bvid: 'BV1y7411Q7Eq', page: 2, startSec: 90 } }
 */
export function parseBilibiliLink(input: string): ParseResult<BilibiliRef> {
	const cleaned = cleanLinkInput(input);
	if (!cleaned.ok) return cleaned;
	const text = cleaned.value;
	if (DANGEROUS_SCHEME_RE.test(text)) {
		return fail(LinkError.NOT_BILIBILI, 'Only http and https links are supported.');
	}
	const candidates = findCandidates(text);
	// URLs first (a title may contain "EP1"), then bare ids; stop at the first success.
	const ordered = [
		...candidates.filter((c) => c.kind === 'url'),
		...candidates.filter((c) => c.kind === 'id'),
	];
	let firstError: Result | undefined;
	let bilibiliError: Result | undefined;
	for (const candidate of ordered) {
		const result =
			candidate.kind === 'url' ? parseUrl(candidate.text) : parseBareId(candidate.text);
		if (result.ok) return result;
		firstError ??= result;
		// Prefer an error about a Bilibili link over "not Bilibili" about some other URL.
		if (result.error !== LinkError.NOT_BILIBILI) bilibiliError ??= result;
	}
	return (
		bilibiliError ??
		firstError ??
		fail(LinkError.NOT_BILIBILI, 'No Bilibili link or video id was found.')
	);
}
