/**
 * Builds the official embed player URL used as the loose-sync fallback
 * (docs: bilibili-upstream.md §12.2 and §12.4).
 */
import type { BilibiliRef } from './bilibili.js';

/** Knobs for {@link buildEmbedUrl}. */
export interface EmbedOptions {
	/** Start position in seconds; floored to an integer. Defaults to the ref's `startSec`. */
	startSec?: number;
	/** Start playing on load. Default `true`. */
	autoplay?: boolean;
	/** Start muted. Default `false`. */
	muted?: boolean;
	/** Show danmaku. Default `false`. */
	danmaku?: boolean;
}

/** The official outer player. */
export const EMBED_BASE = 'https://player.bilibili.com/player.html';

/** Largest `t` we emit (about 31 years), so the number never prints in exponent form. */
const MAX_START_SEC = 1e9;

function flag(value: boolean): string {
	return value ? '1' : '0';
}

/** Whole seconds ≥ 0; anything non-finite becomes 0. */
function wholeSeconds(sec: number): number {
	if (!Number.isFinite(sec) || sec <= 0) return 0;
	return Math.floor(Math.min(sec, MAX_START_SEC));
}

/** A part number ≥ 1; anything else becomes 1. */
function wholePage(page: number): number {
	return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/**
 * The embed player URL for `ref`:
 * `<base>?bvid=…&p=…&t=…&autoplay=…&muted=…&danmaku=…&high_quality=1&isOutside=true` for videos,
 * `episodeId=…` or `seasonId=…` in place of `bvid`/`p` for bangumi. `t` is always present, as
 * whole seconds (floored). Seeking in the embed means rebuilding this URL with a new `t`.
 *
 * @param base - player URL to use instead of {@link EMBED_BASE} (tests, fake upstream); may already
 *   carry a query string.
 * @throws Error for `shortlink` refs, which must be resolved first.
 */
export function buildEmbedUrl(
	ref: BilibiliRef,
	options: EmbedOptions = {},
	base: string = EMBED_BASE,
): string {
	const params: [string, string][] = [];
	switch (ref.kind) {
		case 'video':
			params.push(['bvid', ref.bvid]);
			params.push(['p', String(wholePage(ref.page))]);
			break;
		case 'episode':
			params.push(['episodeId', String(ref.epId)]);
			break;
		case 'season':
			params.push(['seasonId', String(ref.seasonId)]);
			break;
		case 'shortlink':
			throw new Error(`Cannot embed a short link; resolve it first: ${ref.url}`);
	}
	params.push(['t', String(wholeSeconds(options.startSec ?? ref.startSec))]);
	params.push(['autoplay', flag(options.autoplay ?? true)]);
	params.push(['muted', flag(options.muted ?? false)]);
	params.push(['danmaku', flag(options.danmaku ?? false)]);
	params.push(['high_quality', '1']);
	params.push(['isOutside', 'true']);
	const joiner = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
	const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
	return `${base}${joiner}${query}`;
}
