/**
 * Pure parsers for Bilibili API answers (docs: bilibili-upstream.md §5, §6, §7, §11). They check
 * the SHAPE, not just `code` (a `code: 0` answer holding only `v_voucher` is a refusal), and map
 * every failure to a stable {@link BilibiliReason}. No I/O, no clock.
 */
import { BilibiliReason } from '@videotogether/shared';
import { keyFromWbiUrl, type WbiKeys } from './wbi.js';
import { arr, int, isRecord, num, str, type Json } from './json.parse.js';

/** What the HTTP layer hands over: the status and the body parsed as JSON (undefined if not JSON). */
export interface UpstreamAnswer {
	status: number;
	json: unknown;
	/** Set when no HTTP answer arrived (timeout, network error, body too large). */
	error?: string;
}

/** A failure with its reason and a short technical detail for logs. */
export interface ParseFailure {
	ok: false;
	reason: BilibiliReason;
	detail: string;
}
export type Parsed<T> = { ok: true; value: T } | ParseFailure;

/** Which endpoint answered (error codes mean different things per endpoint). */
export type Endpoint = 'nav' | 'view' | 'playurl' | 'pgcSeason' | 'pgcPlayurl';

export function failure(reason: BilibiliReason, detail: string): ParseFailure {
	return { ok: false, reason, detail };
}

const PREMIUM_MESSAGE = /大会员|会员|付费|购买|承包|充电/;

/** Maps a non-zero `code` to a reason (§11). Unknown codes count as an unusable answer. */
export function reasonForCode(code: number, message: string, endpoint: Endpoint, data: unknown) {
	const R = BilibiliReason;
	switch (code) {
		case -404:
			return endpoint === 'view' ? R.DELETED : R.NOT_FOUND;
		case -400:
			return R.NOT_FOUND;
		case 62002:
			return R.NOT_VISIBLE;
		case 62004:
			return R.UNDER_REVIEW;
		case 62012:
		case -403:
			return R.PRIVATE;
		case -10403:
			return PREMIUM_MESSAGE.test(message) ? R.PREMIUM_ONLY : R.REGION_LOCKED;
		case -688:
			return R.REGION_LOCKED;
		case -689:
			return R.PREMIUM_ONLY;
		case -352:
		case -412:
		case -509:
		case -799:
			return R.RISK_CONTROLLED;
		case -401:
			return isRecord(data) && 'ga_data' in data ? R.RISK_CONTROLLED : R.LOGIN_REQUIRED;
		case -101:
			return R.LOGIN_REQUIRED;
		default:
			return R.UPSTREAM_DOWN;
	}
}

/** HTTP-level and envelope-level checks shared by every endpoint: the body or a failure. */
export function envelope(answer: UpstreamAnswer, endpoint: Endpoint): Parsed<Json> {
	const { status, json } = answer;
	if (answer.error !== undefined) return failure(BilibiliReason.UPSTREAM_DOWN, answer.error);
	if (status === 412 || status === 429) {
		return failure(BilibiliReason.RISK_CONTROLLED, `HTTP ${status}`);
	}
	if (status < 200 || status > 299) return failure(BilibiliReason.UPSTREAM_DOWN, `HTTP ${status}`);
	if (!isRecord(json)) return failure(BilibiliReason.UPSTREAM_DOWN, 'body is not a JSON object');
	const code = json.code;
	if (typeof code !== 'number') return failure(BilibiliReason.UPSTREAM_DOWN, 'no numeric code');
	// nav answers −101 to guests yet carries the WBI keys.
	if (code !== 0 && !(endpoint === 'nav' && code === -101)) {
		const message = str(json.message) ?? '';
		const data = json.data ?? json.result;
		return failure(reasonForCode(code, message, endpoint, data), `code ${code} ${message}`.trim());
	}
	return { ok: true, value: json };
}

/** `code: 0` whose data holds a `v_voucher` and no streams: WBI (or risk control) refused us. */
export function isVoucherOnly(answer: UpstreamAnswer): boolean {
	const json = answer.json;
	if (!isRecord(json) || json.code !== 0) return false;
	const data = json.data ?? json.result;
	return isRecord(data) && 'v_voucher' in data && !('dash' in data) && !('durl' in data);
}

/** `nav` → the WBI key stems. */
export function parseNav(answer: UpstreamAnswer): Parsed<WbiKeys> {
	const env = envelope(answer, 'nav');
	if (!env.ok) return env;
	const img = isRecord(env.value.data) ? env.value.data.wbi_img : undefined;
	const imgKey = isRecord(img) ? keyFromWbiUrl(img.img_url) : null;
	const subKey = isRecord(img) ? keyFromWbiUrl(img.sub_url) : null;
	if (!imgKey || !subKey) return failure(BilibiliReason.UPSTREAM_DOWN, 'nav without wbi_img');
	return { ok: true, value: { imgKey, subKey } };
}

/** One part of a UGC video, or one episode of a season seen as a part. */
export interface PartInfo {
	/** 1-based. */
	page: number;
	cid: number;
	title: string;
	durationMs: number;
}

/** What `view` tells us about a UGC video. */
export interface VideoInfo {
	bvid: string;
	aid: number;
	title: string;
	parts: PartInfo[];
	/** Set when the UGC id belongs to a bangumi episode (`…/bangumi/play/ep…`). */
	redirectUrl: string | null;
	/** Charge-exclusive content (`is_upower_exclusive`). */
	upowerExclusive: boolean;
	/** Interactive video (`rights.is_stein_gate`); only its first cid is played. */
	interactive: boolean;
}

function parsePage(raw: unknown, index: number): PartInfo | null {
	if (!isRecord(raw)) return null;
	const cid = int(raw.cid);
	if (cid === null || cid <= 0) return null;
	return {
		page: int(raw.page) ?? index + 1,
		cid,
		title: str(raw.part) ?? '',
		durationMs: Math.max(0, Math.round((num(raw.duration) ?? 0) * 1000)),
	};
}

/** `view` → {@link VideoInfo}; a success without `pages[]` with cids is an unusable answer. */
export function parseView(answer: UpstreamAnswer): Parsed<VideoInfo> {
	const env = envelope(answer, 'view');
	if (!env.ok) return env;
	const data = env.value.data;
	if (!isRecord(data)) return failure(BilibiliReason.UPSTREAM_DOWN, 'view without data');
	const bvid = str(data.bvid);
	const aid = int(data.aid);
	const parts = (arr(data.pages) ?? []).map(parsePage).filter((p) => p !== null);
	if (!bvid || aid === null || parts.length === 0) {
		return failure(BilibiliReason.UPSTREAM_DOWN, 'view without bvid/aid/pages');
	}
	const rights = isRecord(data.rights) ? data.rights : {};
	const redirect = str(data.redirect_url);
	return {
		ok: true,
		value: {
			bvid,
			aid,
			title: str(data.title) ?? bvid,
			parts,
			redirectUrl: redirect && redirect.length > 0 ? redirect : null,
			upowerExclusive: data.is_upower_exclusive === true || data.is_upower_exclusive === 1,
			interactive: rights.is_stein_gate === 1,
		},
	};
}

/** One bangumi episode. */
export interface EpisodeInfo {
	epId: number;
	aid: number;
	bvid: string | null;
	cid: number;
	title: string;
	durationMs: number;
}

/** What `pgc/view/web/season` tells us. */
export interface SeasonInfo {
	seasonId: number;
	title: string;
	episodes: EpisodeInfo[];
}

function parseEpisode(raw: unknown): EpisodeInfo | null {
	if (!isRecord(raw)) return null;
	const epId = int(raw.ep_id) ?? int(raw.id);
	const cid = int(raw.cid);
	if (epId === null || cid === null) return null;
	const title = [str(raw.title), str(raw.long_title)].filter((t) => t).join(' ');
	return {
		epId,
		aid: int(raw.aid) ?? 0,
		bvid: str(raw.bvid),
		cid,
		title,
		// PGC episode durations are milliseconds (UGC pages use seconds).
		durationMs: Math.max(0, Math.round(num(raw.duration) ?? 0)),
	};
}

/** `pgc/view/web/season` (`result`, not `data`) → {@link SeasonInfo}. */
export function parseSeason(answer: UpstreamAnswer): Parsed<SeasonInfo> {
	const env = envelope(answer, 'pgcSeason');
	if (!env.ok) return env;
	const result = env.value.result;
	if (!isRecord(result)) return failure(BilibiliReason.UPSTREAM_DOWN, 'season without result');
	const episodes = (arr(result.episodes) ?? []).map(parseEpisode).filter((e) => e !== null);
	const seasonId = int(result.season_id);
	if (seasonId === null || episodes.length === 0) {
		return failure(BilibiliReason.NOT_FOUND, 'season without episodes');
	}
	return {
		ok: true,
		value: { seasonId, title: str(result.title) ?? str(result.season_title) ?? '', episodes },
	};
}
