/**
 * HTTP client of Bilibili's web API (docs: bilibili-upstream.md §3–§5, §9): realistic desktop
 * headers, a persistent buvid3, WBI-signed playurl with the `dm_img_*` fingerprint, cached WBI keys
 * that are refreshed when a signature is refused, time and size limits, no redirects, and at most
 * a few requests per host at once. It returns raw answers; `*.parse.ts` judges them.
 */
import { inflateRawSync, inflateSync } from 'node:zlib';
import type { Clock } from '../../lib/clock.js';
import type { BilibiliConfig } from './bilibili.config.js';
import { isVoucherOnly, parseNav, type Parsed, type UpstreamAnswer } from './bilibili.parse.js';
import { CoalescingCache } from './coalescing-cache.js';
import { dmImgParams, makeFingerprint, type Fingerprint } from './fingerprint.js';
import { isRecord, str } from './json.parse.js';
import {
	HostLimiter,
	browserHeaders,
	deadlineSignal,
	readBody,
	toUpstreamError,
	type FetchFn,
} from './upstream-http.js';
import { canonicalQuery, signWbi, type QueryParams, type WbiKeys } from './wbi.js';

/** Keys rotate about daily; refreshed early when a signature is refused. */
const WBI_KEYS_TTL_MS = 10 * 60_000;
const WBI_FAILURE_TTL_MS = 15_000;
/** The web player's `web_location` for playurl. */
const WEB_LOCATION = 1315873;
const PER_HOST_CONCURRENCY = 2;

/** Which playurl to ask for: all DASH tiers, or the progressive html5 MP4 (§7). */
export type PlayurlVariant = 'dash' | 'html5';

export interface BilibiliClientOptions {
	config: BilibiliConfig;
	clock: Clock;
	fetch?: FetchFn;
	/** Randomness for the fingerprint and a generated buvid3 (tests pass a seeded one). */
	random?: () => number;
	/** A buvid3 kept from an earlier run; otherwise fetched once from `finger/spi`. */
	buvid3?: string;
}

function generatedBuvid3(random: () => number): string {
	const hex = (n: number) =>
		Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
	const digits = String(Math.floor(random() * 100_000)).padStart(5, '0');
	return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}${digits}infoc`.toUpperCase();
}

export class BilibiliClient {
	readonly #config: BilibiliConfig;
	readonly #clock: Clock;
	readonly #fetch: FetchFn;
	readonly #random: () => number;
	readonly #fingerprint: Fingerprint;
	readonly #limiter = new HostLimiter(PER_HOST_CONCURRENCY);
	readonly #keys: CoalescingCache<Parsed<WbiKeys>>;
	#buvid: Promise<string> | null;

	constructor(options: BilibiliClientOptions) {
		this.#config = options.config;
		this.#clock = options.clock;
		this.#fetch = options.fetch ?? fetch;
		this.#random = options.random ?? Math.random;
		this.#fingerprint = makeFingerprint(this.#random);
		this.#keys = new CoalescingCache(options.clock, 1);
		this.#buvid = options.buvid3 ? Promise.resolve(options.buvid3) : null;
	}

	/** GET `<apiBase><path>?<query>`; HTTP errors come back as answers, I/O errors in `error`. */
	async getJson(path: string, query: string, cookies: string[] = []): Promise<UpstreamAnswer> {
		const url = `${this.#config.apiBase}${path}${query ? `?${query}` : ''}`;
		try {
			const body = await this.#get(url, await this.#cookieHeader(cookies));
			return { status: body.status, json: parseJson(body.bytes) };
		} catch (error) {
			return { status: 0, json: undefined, error: toUpstreamError(error).message };
		}
	}

	/** The WBI keys, from cache or `nav`. `staleBeforeMs` forces keys loaded after that time. */
	async wbiKeys(staleBeforeMs?: number): Promise<Parsed<WbiKeys>> {
		return this.#keys.get(
			'keys',
			async () => {
				const parsed = parseNav(await this.getJson('/x/web-interface/nav', ''));
				return { value: parsed, ttlMs: parsed.ok ? WBI_KEYS_TTL_MS : WBI_FAILURE_TTL_MS };
			},
			staleBeforeMs === undefined ? {} : { staleBeforeMs },
		);
	}

	view(bvid: string): Promise<UpstreamAnswer> {
		return this.getJson('/x/web-interface/view', canonicalQuery({ bvid }));
	}

	pgcSeason(id: { epId: number } | { seasonId: number }): Promise<UpstreamAnswer> {
		const query: QueryParams = 'epId' in id ? { ep_id: id.epId } : { season_id: id.seasonId };
		return this.getJson('/pgc/view/web/season', canonicalQuery(query));
	}

	/**
	 * Signed `x/player/wbi/playurl`. A `code: 0` + `v_voucher` answer means our keys went stale
	 * (rotation): refresh them from `nav` once and retry.
	 */
	async playurl(part: { bvid: string; cid: number }, variant: PlayurlVariant) {
		const params = this.#playurlParams(part, variant);
		let keysAtMs = this.#clock.nowMs();
		for (let attempt = 0; ; attempt++) {
			const keys = await this.wbiKeys(attempt === 0 ? undefined : keysAtMs);
			if (!keys.ok) return { status: 0, json: undefined, error: `WBI keys: ${keys.detail}` };
			keysAtMs = this.#keys.peek('keys')?.loadedAtMs ?? keysAtMs;
			const wts = Math.floor(this.#clock.nowMs() / 1000);
			const answer = await this.getJson('/x/player/wbi/playurl', signWbi(params, keys.value, wts));
			if (attempt > 0 || !isVoucherOnly(answer)) return answer;
		}
	}

	/** `pgc/player/web/playurl` (not WBI-signed). */
	pgcPlayurl(part: { epId: number; cid: number }, variant: PlayurlVariant) {
		const query: Record<string, string | number> = {
			ep_id: part.epId,
			cid: part.cid,
			fnver: 0,
			fourk: 1,
			...(variant === 'dash' ? { fnval: 4048 } : { fnval: 1, platform: 'html5' }),
			...(this.#config.cookie ? {} : { try_look: 1 }),
		};
		return this.getJson('/pgc/player/web/playurl', canonicalQuery(query), ['CURRENT_FNVAL=4048']);
	}

	/** The danmaku XML pool of a cid (`list.so`, raw-deflate body), decoded to text. */
	async danmakuXml(cid: number): Promise<{ status: number; xml: string } | { error: string }> {
		const url = `${this.#config.apiBase}/x/v1/dm/list.so?oid=${cid}`;
		try {
			const res = await this.#get(url, await this.#cookieHeader([]));
			return { status: res.status, xml: inflateIfNeeded(res.bytes, this.#config.maxUpstreamBytes) };
		} catch (error) {
			return { error: toUpstreamError(error).message };
		}
	}

	/** buvid3 for the Cookie header: fetched once from `finger/spi`, else generated. */
	buvid3(): Promise<string> {
		this.#buvid ??= this.#fetchBuvid();
		return this.#buvid;
	}

	async #fetchBuvid(): Promise<string> {
		try {
			const res = await this.#get(`${this.#config.apiBase}/x/frontend/finger/spi`, null);
			const json = parseJson(res.bytes);
			const b3 = isRecord(json) && isRecord(json.data) ? str(json.data.b_3) : null;
			if (b3 && /^[0-9A-Za-z-]{10,80}$/.test(b3)) return b3;
		} catch {
			// fall through to a generated id
		}
		return generatedBuvid3(this.#random);
	}

	#playurlParams(part: { bvid: string; cid: number }, variant: PlayurlVariant): QueryParams {
		const guest = this.#config.cookie === null;
		return {
			bvid: part.bvid,
			cid: part.cid,
			fnver: 0,
			...(variant === 'dash'
				? { fnval: 4048, fourk: 1, qn: 0 }
				: { fnval: 1, platform: 'html5', high_quality: 1, qn: 80 }),
			...(guest ? { try_look: 1, gaia_source: 'pre-load', isGaiaAvoided: 'true' } : {}),
			voice_balance: 1,
			web_location: WEB_LOCATION,
			...dmImgParams(this.#fingerprint, this.#random),
		};
	}

	async #cookieHeader(extra: string[]): Promise<string> {
		const parts = [`buvid3=${await this.buvid3()}`, ...extra];
		if (this.#config.cookie) parts.push(this.#config.cookie);
		return parts.join('; ');
	}

	async #get(url: string, cookie: string | null): Promise<{ status: number; bytes: Uint8Array }> {
		const host = new URL(url).host;
		return this.#limiter.run(host, async () => {
			const signal = deadlineSignal(this.#config.upstreamTimeoutMs);
			try {
				const res = await this.#fetch(url, {
					headers: browserHeaders(cookie ? { cookie } : {}),
					redirect: 'manual',
					signal,
				});
				return { status: res.status, bytes: await readBody(res, this.#config.maxUpstreamBytes) };
			} catch (error) {
				throw toUpstreamError(error, signal);
			}
		});
	}
}

function parseJson(bytes: Uint8Array): unknown {
	try {
		return JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return undefined;
	}
}

/** list.so is raw deflate; fetch usually decodes it, but a body that is not XML yet is inflated. */
function inflateIfNeeded(bytes: Uint8Array, maxBytes: number): string {
	const text = new TextDecoder().decode(bytes);
	if (/^\s*</.test(text)) return text;
	for (const inflate of [inflateRawSync, inflateSync]) {
		try {
			return new TextDecoder().decode(inflate(bytes, { maxOutputLength: maxBytes }));
		} catch {
			// try the next framing
		}
	}
	return '';
}
