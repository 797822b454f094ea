/**
 * Cached, coalesced upstream lookups shared by the whole server: video metadata (`view`), seasons
 * (`pgc/view/web/season`), playurl answers per (part, variant) and danmaku pools per cid. One
 * upstream call per video no matter how many viewers ask; playurl answers live until shortly
 * before their links expire (min(deadline − now − 10 min, 60 min)); failures are remembered
 * briefly so a broken video does not make every joiner hit Bilibili again.
 */
import type { Clock } from '../../lib/clock.js';
import type { BilibiliClient, PlayurlVariant } from './bilibili.client.js';
import {
	failure,
	parseSeason,
	parseView,
	type Parsed,
	type SeasonInfo,
	type VideoInfo,
} from './bilibili.parse.js';
import { CoalescingCache } from './coalescing-cache.js';
import { parseDanmakuXml, type DanmakuEntry } from './danmaku.parse.js';
import { parsePlayurl, playInfoDeadlineSec, type PlayInfo } from './playurl.parse.js';
import { BilibiliReason } from '@videotogether/shared';
import type { PartKey } from './token.js';
import type { BilibiliLog } from './bilibili.service.js';

const MINUTE_MS = 60_000;
const METADATA_TTL_MS = 10 * MINUTE_MS;
const DANMAKU_TTL_MS = 10 * MINUTE_MS;
const PLAYURL_MAX_TTL_MS = 60 * MINUTE_MS;
const PLAYURL_NO_DEADLINE_TTL_MS = 30 * MINUTE_MS;
/** Stop using links this long before their deadline. */
const DEADLINE_MARGIN_MS = 10 * MINUTE_MS;
/** Transient failures (risk control, outages) are retried after this back-off. */
const TRANSIENT_FAILURE_TTL_MS = 30_000;
const PERMANENT_FAILURE_TTL_MS = 5 * MINUTE_MS;

const TRANSIENT: ReadonlySet<BilibiliReason> = new Set([
	BilibiliReason.UPSTREAM_DOWN,
	BilibiliReason.RISK_CONTROLLED,
]);

/** How long to keep a parsed metadata answer: 10 min, failures 30 s (transient) or 5 min. */
export function parsedTtlMs(result: Parsed<unknown>): number {
	if (result.ok) return METADATA_TTL_MS;
	return TRANSIENT.has(result.reason) ? TRANSIENT_FAILURE_TTL_MS : PERMANENT_FAILURE_TTL_MS;
}

/** TTL of a playurl answer: until 10 min before its earliest deadline, at most 60 min. */
export function playInfoTtlMs(info: PlayInfo, nowMs: number): number {
	const deadlineSec = playInfoDeadlineSec(info);
	if (deadlineSec === null) return PLAYURL_NO_DEADLINE_TTL_MS;
	const left = deadlineSec * 1000 - nowMs;
	const ttl = Math.min(left - DEADLINE_MARGIN_MS, PLAYURL_MAX_TTL_MS);
	// Short-lived links (tests, odd CDNs): keep them for half their life rather than not at all.
	return ttl > 0 ? ttl : Math.max(0, Math.floor(left / 2));
}

/** A playurl outcome and when it was fetched (the proxy refreshes answers older than a failure). */
export interface PlayOutcome {
	result: Parsed<PlayInfo>;
	loadedAtMs: number;
}

export function partCacheKey(part: PartKey): string {
	return part.src === 'ugc' ? `ugc:${part.bvid}:${part.cid}` : `pgc:${part.epId}:${part.cid}`;
}

export class BilibiliSources {
	readonly #views: CoalescingCache<Parsed<VideoInfo>>;
	readonly #seasons: CoalescingCache<Parsed<SeasonInfo>>;
	readonly #playurls: CoalescingCache<PlayOutcome>;
	readonly #danmaku: CoalescingCache<Parsed<DanmakuEntry[]>>;

	constructor(
		private readonly client: BilibiliClient,
		private readonly clock: Clock,
		/** Upstream failures are logged once per answer (failures are cached too, so never a flood). */
		private readonly log?: BilibiliLog,
	) {
		this.#views = new CoalescingCache(clock);
		this.#seasons = new CoalescingCache(clock);
		this.#playurls = new CoalescingCache(clock, 2048);
		this.#danmaku = new CoalescingCache(clock, 256);
	}

	view(bvid: string): Promise<Parsed<VideoInfo>> {
		return this.#views.get(bvid, async () => {
			const parsed = this.#logged(parseView(await this.client.view(bvid)), 'view', { bvid });
			return { value: parsed, ttlMs: parsedTtlMs(parsed) };
		});
	}

	season(id: { epId: number } | { seasonId: number }): Promise<Parsed<SeasonInfo>> {
		const key = 'epId' in id ? `ep${id.epId}` : `ss${id.seasonId}`;
		return this.#seasons.get(key, async () => {
			const parsed = this.#logged(parseSeason(await this.client.pgcSeason(id)), 'season', id);
			return { value: parsed, ttlMs: parsedTtlMs(parsed) };
		});
	}

	/**
	 * The playurl answer of a part. `staleBeforeMs`: the caller saw links loaded at or before this
	 * time fail (403, expired) — load newer ones, sharing any reload already under way.
	 */
	playurl(part: PartKey, variant: PlayurlVariant, staleBeforeMs?: number): Promise<PlayOutcome> {
		const key = `${partCacheKey(part)}:${variant}`;
		const load = async () => {
			const loadedAtMs = this.clock.nowMs();
			const answer =
				part.src === 'ugc'
					? await this.client.playurl({ bvid: part.bvid, cid: part.cid }, variant)
					: await this.client.pgcPlayurl({ epId: part.epId, cid: part.cid }, variant);
			const endpoint = part.src === 'ugc' ? 'playurl' : 'pgcPlayurl';
			const result = this.#logged(parsePlayurl(answer, endpoint), endpoint, { ...part, variant });
			const ttlMs = result.ok
				? playInfoTtlMs(result.value, this.clock.nowMs())
				: parsedTtlMs(result);
			return { value: { result, loadedAtMs }, ttlMs };
		};
		return this.#playurls.get(key, load, staleBeforeMs === undefined ? {} : { staleBeforeMs });
	}

	/** The parsed danmaku pool of a cid. */
	danmaku(cid: number): Promise<Parsed<DanmakuEntry[]>> {
		return this.#danmaku.get(String(cid), async () => {
			const answer = await this.client.danmakuXml(cid);
			let parsed: Parsed<DanmakuEntry[]>;
			if ('error' in answer) parsed = failure(BilibiliReason.UPSTREAM_DOWN, answer.error);
			else if (answer.status !== 200) {
				parsed = failure(BilibiliReason.UPSTREAM_DOWN, `HTTP ${answer.status}`);
			} else parsed = { ok: true, value: parseDanmakuXml(answer.xml) };
			this.#logged(parsed, 'danmaku', { cid });
			return { value: parsed, ttlMs: parsed.ok ? DANMAKU_TTL_MS : TRANSIENT_FAILURE_TTL_MS };
		});
	}

	/** Logs a failed upstream answer with its reason code; returns it unchanged. */
	#logged<T>(result: Parsed<T>, endpoint: string, subject: object): Parsed<T> {
		if (!result.ok) {
			this.log?.warn(
				{ endpoint, ...subject, reason: result.reason, detail: result.detail.slice(0, 200) },
				'bilibili upstream error',
			);
		}
		return result;
	}
}
