/**
 * The Bilibili pipeline behind one object: the API client, shared caches, the resolver and its
 * ladder, short links, signed tokens, manifests, danmaku and the media proxy. The app builds one
 * per process and hands it to the room logic (resolve) and to {@link bilibiliRoutes} (serve).
 */
import {
	type BilibiliRef,
	chooseFamily,
	normalizeCodecs,
	BilibiliReason,
} from '@videotogether/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../../lib/clock.js';
import { BilibiliClient } from './bilibili.client.js';
import type { BilibiliConfig } from './bilibili.config.js';
import { BilibiliError, unknownToken } from './bilibili.errors.js';
import { mediaPath } from './bilibili.paths.js';
import {
	BilibiliResolver,
	type ResolveOptions,
	type ResolvedBilibili,
} from './bilibili.resolver.js';
import type { ResolvedRef } from './bilibili.target.js';
import { CdnPolicy } from './cdn-policy.js';
import type { DanmakuEntry } from './danmaku.parse.js';
import { systemLookup, type LookupAll } from './hosts.js';
import {
	MediaProxy,
	type LocateStream,
	type LocatedStream,
	type ProxyLimits,
} from './media-proxy.js';
import { buildMpd, offeredFamilies, playableAudio, videoOfFamily } from './mpd.js';
import type { DashStream } from './playurl.parse.js';
import { resolveShortLink } from './shortlink.js';
import { BilibiliSources } from './sources.js';
import { TokenSigner, type MediaStream, type PartKey } from './token.js';
import type { FetchFn } from './upstream-http.js';

/** A pino-like logger (Fastify's `app.log` fits). */
export interface BilibiliLog {
	warn(details: Record<string, unknown>, message: string): void;
}

export interface BilibiliServiceOptions {
	config: BilibiliConfig;
	/** Signs the URL tokens (pass `config.secretKey`; a key is derived from it). */
	secret: string;
	clock?: Clock;
	fetch?: FetchFn;
	/** DNS for the short-link private-address check. */
	lookup?: LookupAll;
	random?: () => number;
	/** A buvid3 to reuse (else fetched once from `finger/spi`). */
	buvid3?: string;
	proxyLimits?: Partial<ProxyLimits>;
	log?: BilibiliLog;
}

/** The danmaku of one part, as `GET /api/bili/danmaku/:token` answers it. */
export interface DanmakuReply {
	cid: number;
	entries: DanmakuEntry[];
}

export class BilibiliService {
	readonly client: BilibiliClient;
	readonly sources: BilibiliSources;
	readonly tokens: TokenSigner;
	readonly cdn: CdnPolicy;
	readonly proxy: MediaProxy;
	readonly #resolver: BilibiliResolver;
	readonly #shortLinks: (url: string) => Promise<ResolvedRef>;

	constructor(options: BilibiliServiceOptions) {
		const { config } = options;
		const clock = options.clock ?? systemClock;
		const fetchFn = options.fetch ?? fetch;
		this.client = new BilibiliClient({
			config,
			clock,
			fetch: fetchFn,
			...(options.random ? { random: options.random } : {}),
			...(options.buvid3 ? { buvid3: options.buvid3 } : {}),
		});
		this.sources = new BilibiliSources(this.client, clock, options.log);
		this.tokens = new TokenSigner(options.secret);
		const lookup = options.lookup ?? systemLookup;
		this.cdn = new CdnPolicy(config.cdnHosts, config.pcdnHosts ?? [], lookup);
		this.#shortLinks = (url) => resolveShortLink(url, { config, fetch: fetchFn, lookup });
		this.#resolver = new BilibiliResolver({
			config,
			sources: this.sources,
			tokens: this.tokens,
			cdn: this.cdn,
			resolveShortLink: this.#shortLinks,
		});
		this.proxy = new MediaProxy({
			cdn: this.cdn,
			clock,
			fetch: fetchFn,
			limits: { headersTimeoutMs: config.upstreamTimeoutMs, ...options.proxyLimits },
		});
	}

	/** See {@link BilibiliResolver.resolve}. */
	resolve(
		ref: BilibiliRef,
		codecs: readonly string[],
		options?: ResolveOptions,
	): Promise<ResolvedBilibili> {
		return this.#resolver.resolve(ref, codecs, options);
	}

	/** Follows a b23.tv / bili2233.cn link to the ref it stands for. */
	resolveShortLink(url: string): Promise<ResolvedRef> {
		return this.#shortLinks(url);
	}

	/**
	 * The MPD for a manifest token. `codecs` (the client's own report) overrides the families the
	 * token was issued for.
	 */
	async manifest(token: string, codecs?: readonly string[]): Promise<string> {
		const payload = this.tokens.verify(token);
		if (payload?.type !== 'manifest') throw unknownToken();
		const families = codecs ? normalizeCodecs(codecs) : payload.families;
		const { result } = await this.sources.playurl(payload.part, 'dash');
		if (!result.ok) throw new BilibiliError(result.reason, result.detail);
		const info = result.value;
		if (info.kind !== 'dash') throw new BilibiliError(BilibiliReason.NO_DASH);
		const family = chooseFamily(offeredFamilies(info), families);
		if (family === null) throw new BilibiliError(BilibiliReason.NO_CODEC);
		const servable = (s: DashStream) => this.cdn.candidates(s.urls).length > 0;
		const video = videoOfFamily(info, family).filter(servable);
		if (video.length === 0) throw new BilibiliError(BilibiliReason.CDN_NOT_ALLOWED);
		return buildMpd({
			durationMs: info.durationMs,
			video,
			audio: playableAudio(info).filter(servable),
			baseUrl: (s) => mediaPath(this.#mediaToken(payload.part, s)),
		});
	}

	/** The danmaku of a danmaku token's part. */
	async danmaku(token: string): Promise<DanmakuReply> {
		const payload = this.tokens.verify(token);
		if (payload?.type !== 'danmaku') throw unknownToken();
		const result = await this.sources.danmaku(payload.part.cid);
		if (!result.ok) throw new BilibiliError(result.reason, result.detail);
		return { cid: payload.part.cid, entries: result.value };
	}

	/** Proxies the stream a media token names (GET or HEAD, `Range` honoured). */
	async serveMedia(
		token: string,
		request: FastifyRequest,
		reply: FastifyReply,
	): Promise<FastifyReply> {
		const payload = this.tokens.verify(token);
		if (payload?.type !== 'media') throw unknownToken();
		const locate: LocateStream = (staleBeforeMs) =>
			this.#locate(payload.part, payload.stream, staleBeforeMs);
		// Logs name what the token stands for, never the token itself.
		return this.proxy.serve(request, reply, locate, { ...payload.part, ...payload.stream });
	}

	#mediaToken(part: PartKey, s: DashStream): string {
		const stream: MediaStream =
			s.kind === 'video'
				? { kind: 'video', id: s.id, codecid: s.codecid }
				: { kind: 'audio', id: s.id };
		return this.tokens.sign({ type: 'media', part, stream });
	}

	async #locate(
		part: PartKey,
		stream: MediaStream,
		staleBeforeMs?: number,
	): Promise<LocatedStream | { reason: BilibiliReason }> {
		const variant = stream.kind === 'mp4' ? 'html5' : 'dash';
		const { result, loadedAtMs } = await this.sources.playurl(part, variant, staleBeforeMs);
		if (!result.ok) return { reason: result.reason };
		const info = result.value;
		if (stream.kind === 'mp4') {
			if (info.kind !== 'durl') return { reason: BilibiliReason.UPSTREAM_DOWN };
			return { urls: info.urls, mimeType: 'video/mp4', loadedAtMs };
		}
		if (info.kind !== 'dash') return { reason: BilibiliReason.NO_DASH };
		const found =
			stream.kind === 'video'
				? info.video.find((v) => v.id === stream.id && v.codecid === stream.codecid)
				: info.audio.find((a) => a.id === stream.id);
		if (!found) return { reason: BilibiliReason.NOT_FOUND };
		return { urls: found.urls, mimeType: found.mimeType, loadedAtMs };
	}
}
