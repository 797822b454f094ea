/**
 * The playback ladder (design §2; docs: bilibili-upstream.md §14): native DASH through our proxy →
 * progressive MP4 through our proxy → the official embed, with `BILIBILI_PLAYBACK` forcing a
 * mode. Decided once per video from shared, cached upstream answers; the result names the mode,
 * why it is not native, and the same-origin URLs the web player opens.
 */
import {
	bilibiliMediaId,
	buildEmbedUrl,
	type BilibiliRef,
	chooseFamily,
	normalizeCodecs,
	type CodecFamily,
	BilibiliReason,
	BILIBILI_REASON_INFO,
} from '@videotogether/shared';
import type { BilibiliConfig } from './bilibili.config.js';
import { BilibiliError } from './bilibili.errors.js';
import { danmakuPath, manifestPath, mediaPath } from './bilibili.paths.js';
import type { PartInfo } from './bilibili.parse.js';
import { findTarget, type ResolvedRef, type Target } from './bilibili.target.js';
import type { CdnPolicy } from './cdn-policy.js';
import { offeredFamilies, playableAudio, videoOfFamily } from './mpd.js';
import type { PlayInfo } from './playurl.parse.js';
import type { BilibiliSources } from './sources.js';
import type { PartKey, TokenSigner } from './token.js';

/** How the room plays the video. */
export type PlaybackMode = 'native' | 'mp4' | 'embed';
const MODE_ORDER: readonly PlaybackMode[] = ['native', 'mp4', 'embed'];

/** Server-side only: the upstream answer behind the chosen mode. Never send it to clients. */
export interface ServerStreams {
	part: PartKey;
	info: PlayInfo;
	loadedAtMs: number;
}

/** The outcome of {@link BilibiliResolver.resolve}. */
export interface ResolvedBilibili {
	/** `bilibili:BV…:p2` / `bilibili:ep123`. */
	key: string;
	/** The ref after short links and bangumi redirects. */
	ref: ResolvedRef;
	/** Null when metadata could not be fetched (the embed still works). */
	title: string | null;
	parts: PartInfo[];
	part: { page: number; cid: number | null; durationMs: number | null };
	startMs: number;
	mode: PlaybackMode;
	/** Why the mode is not `native` (null when it is). */
	reason: BilibiliReason | null;
	/** The manifest's video codec family (native mode). */
	codec: CodecFamily | null;
	/** Official embed player (loose sync); always set. */
	embedUrl: string;
	/** Native: `/api/bili/manifest/<token>.mpd`. */
	manifestUrl: string | null;
	/** MP4 mode: `/api/bili/media/<token>` for `<video src>`. */
	mp4Url: string | null;
	/** `/api/bili/danmaku/<token>` when the part is known. */
	danmakuUrl: string | null;
	/** Server-side only (see {@link toPublicResolved}). */
	streams: ServerStreams | null;
}

/** Options of {@link BilibiliResolver.resolve}. */
export interface ResolveOptions {
	/** Cap the ladder (e.g. `'mp4'` after viewers reported proxy/MSE failures). */
	maxMode?: PlaybackMode;
	/** The reason to report when `maxMode` is what keeps the mode from native. */
	reason?: BilibiliReason;
}

export interface ResolverDeps {
	config: BilibiliConfig;
	sources: BilibiliSources;
	tokens: TokenSigner;
	cdn: CdnPolicy;
	resolveShortLink: (url: string) => Promise<ResolvedRef>;
}

/**
 * Where the ladder starts: the operator's setting, lowered further by the caller's cap. A start
 * below native reports `forced`, or the caller's reason when the cap is what lowered it.
 */
function ladderStart(
	setting: BilibiliConfig['playback'],
	options: ResolveOptions,
): { start: PlaybackMode; reason: BilibiliReason | null } {
	const settingIndex = MODE_ORDER.indexOf(setting === 'auto' ? 'native' : setting);
	const capIndex = MODE_ORDER.indexOf(options.maxMode ?? 'native');
	const start = MODE_ORDER[Math.max(settingIndex, capIndex)] as PlaybackMode;
	if (start === 'native') return { start, reason: null };
	const byCap = capIndex > settingIndex;
	return {
		start,
		reason: byCap ? (options.reason ?? BilibiliReason.FORCED) : BilibiliReason.FORCED,
	};
}

/** The result without `streams`, safe to send to clients. */
export function toPublicResolved(r: ResolvedBilibili): Omit<ResolvedBilibili, 'streams'> {
	const { streams: _streams, ...rest } = r;
	return rest;
}

export class BilibiliResolver {
	constructor(private readonly deps: ResolverDeps) {}

	/**
	 * Resolves a ref for playback. `codecs` is what the client's MediaSource supports: families
	 * (`avc`, `hevc`, `av1`) or codec strings (`avc1.640028`); empty means no MSE at all.
	 *
	 * @throws BilibiliError when the video cannot be watched in any mode (deleted, private, not
	 *   visible, under review, no such part); AppError for unusable short links.
	 */
	async resolve(
		ref: BilibiliRef,
		codecs: readonly string[],
		options: ResolveOptions = {},
	): Promise<ResolvedBilibili> {
		const resolved = ref.kind === 'shortlink' ? await this.#shortLink(ref) : ref;
		const target = await findTarget(this.deps.sources, resolved);
		if (!target.ok) {
			if (BILIBILI_REASON_INFO[target.reason].fatal) {
				throw new BilibiliError(target.reason, target.detail);
			}
			return this.#degraded(resolved, target.reason);
		}
		const t = target.value;
		const { start, reason } = ladderStart(this.deps.config.playback, options);
		if (t.premiumOnly) return this.#embed(t, BilibiliReason.PREMIUM_ONLY);
		if (start === 'embed') return this.#embed(t, reason);
		if (start === 'mp4') return this.#mp4(t, reason);
		return this.#native(t, normalizeCodecs(codecs));
	}

	async #shortLink(ref: Extract<BilibiliRef, { kind: 'shortlink' }>): Promise<ResolvedRef> {
		const target = await this.deps.resolveShortLink(ref.url);
		return target.startSec === 0 && ref.startSec > 0
			? { ...target, startSec: ref.startSec }
			: target;
	}

	async #native(t: Target, families: CodecFamily[]): Promise<ResolvedBilibili> {
		const { result, loadedAtMs } = await this.deps.sources.playurl(t.partKey, 'dash');
		// A refused or failed playurl would fail the same way for MP4 (same endpoint): embed.
		if (!result.ok) return this.#embed(t, result.reason);
		const info = result.value;
		let reason: BilibiliReason;
		if (info.kind === 'durl') reason = BilibiliReason.NO_DASH;
		else {
			const family = chooseFamily(offeredFamilies(info), families);
			if (family === null) reason = BilibiliReason.NO_CODEC;
			else if (!this.#servable(info, family)) reason = BilibiliReason.CDN_NOT_ALLOWED;
			else {
				const manifest = this.deps.tokens.sign({ type: 'manifest', part: t.partKey, families });
				return this.#result(t, 'native', null, info, {
					codec: family,
					manifestUrl: manifestPath(manifest),
					streams: { part: t.partKey, info, loadedAtMs },
				});
			}
		}
		return this.deps.config.playback === 'native' ? this.#embed(t, reason) : this.#mp4(t, reason);
	}

	async #mp4(t: Target, reason: BilibiliReason | null): Promise<ResolvedBilibili> {
		const { result, loadedAtMs } = await this.deps.sources.playurl(t.partKey, 'html5');
		if (!result.ok) return this.#embed(t, reason ?? result.reason);
		const info = result.value;
		if (info.kind !== 'durl') return this.#embed(t, reason ?? BilibiliReason.UPSTREAM_DOWN);
		if (this.deps.cdn.candidates(info.urls).length === 0) {
			return this.#embed(t, reason ?? BilibiliReason.CDN_NOT_ALLOWED);
		}
		const token = this.deps.tokens.sign({
			type: 'media',
			part: t.partKey,
			stream: { kind: 'mp4' },
		});
		return this.#result(t, 'mp4', reason ?? BilibiliReason.FORCED, info, {
			mp4Url: mediaPath(token),
			streams: { part: t.partKey, info, loadedAtMs },
		});
	}

	#embed(t: Target, reason: BilibiliReason | null): ResolvedBilibili {
		return this.#result(t, 'embed', reason ?? BilibiliReason.FORCED, null, {});
	}

	/** Every stream of the family, and the audio, has at least one URL we may contact. */
	#servable(info: Extract<PlayInfo, { kind: 'dash' }>, family: CodecFamily): boolean {
		const ok = (urls: string[]) => this.deps.cdn.candidates(urls).length > 0;
		const video = videoOfFamily(info, family);
		const audio = playableAudio(info);
		return video.some((s) => ok(s.urls)) && (audio.length === 0 || audio.some((s) => ok(s.urls)));
	}

	#result(
		t: Target,
		mode: PlaybackMode,
		reason: BilibiliReason | null,
		info: PlayInfo | null,
		extra: Partial<ResolvedBilibili>,
	): ResolvedBilibili {
		const danmaku = this.deps.tokens.sign({ type: 'danmaku', part: t.partKey });
		return {
			key: t.key,
			ref: t.ref,
			title: t.title,
			parts: t.parts,
			part: {
				page: t.part.page,
				cid: t.part.cid,
				durationMs: info?.durationMs || t.part.durationMs || null,
			},
			startMs: Math.round(t.ref.startSec * 1000),
			mode,
			reason,
			codec: null,
			embedUrl: buildEmbedUrl(t.ref, { startSec: 0, autoplay: false }),
			manifestUrl: null,
			mp4Url: null,
			danmakuUrl: danmakuPath(danmaku),
			streams: null,
			...extra,
		};
	}

	/** Metadata unavailable for a transient reason: the embed can still try. */
	#degraded(ref: ResolvedRef, reason: BilibiliReason): ResolvedBilibili {
		return {
			key: bilibiliMediaId(ref),
			ref,
			title: null,
			parts: [],
			part: { page: ref.kind === 'video' ? ref.page : 1, cid: null, durationMs: null },
			startMs: Math.round(ref.startSec * 1000),
			mode: 'embed',
			reason,
			codec: null,
			embedUrl: buildEmbedUrl(ref, { startSec: 0, autoplay: false }),
			manifestUrl: null,
			mp4Url: null,
			danmakuUrl: null,
			streams: null,
		};
	}
}
