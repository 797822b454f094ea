/**
 * Which part a ref means: `view` for UGC videos (following a bangumi `redirect_url` to its
 * episode), `pgc/view/web/season` for episodes and seasons. Produces the metadata every viewer
 * shares (title, parts, durations) and the {@link PartKey} that playurl and tokens use.
 */
import {
	bilibiliMediaId,
	parseBilibiliLink,
	type BilibiliRef,
	BilibiliReason,
} from '@videotogether/shared';
import { failure, type Parsed, type PartInfo } from './bilibili.parse.js';
import type { BilibiliSources } from './sources.js';
import type { PartKey } from './token.js';

/** A ref that names a video, episode or season (short links resolved). */
export type ResolvedRef = Exclude<BilibiliRef, { kind: 'shortlink' }>;

/** One resolved part with its metadata. */
export interface Target {
	/** `bilibili:BV…:p2` or `bilibili:ep123` (the shared `Media.id` format). */
	key: string;
	/** The ref after redirects: a `video` or an `episode` (seasons resolve to their first episode). */
	ref: ResolvedRef;
	title: string;
	parts: PartInfo[];
	part: PartInfo;
	partKey: PartKey;
	/** `is_upower_exclusive`: do not ask for streams. */
	premiumOnly: boolean;
}

async function episodeTarget(
	sources: BilibiliSources,
	id: { epId: number } | { seasonId: number },
	startSec: number,
): Promise<Parsed<Target>> {
	const season = await sources.season(id);
	if (!season.ok) return season;
	const { episodes } = season.value;
	const index = 'epId' in id ? episodes.findIndex((e) => e.epId === id.epId) : 0;
	const episode = episodes[index];
	if (!episode) return failure(BilibiliReason.NOT_FOUND, 'episode not in its season');
	const parts = episodes.map((e, i) => ({
		page: i + 1,
		cid: e.cid,
		title: e.title,
		durationMs: e.durationMs,
	}));
	const ref: ResolvedRef = { kind: 'episode', epId: episode.epId, startSec };
	return {
		ok: true,
		value: {
			key: bilibiliMediaId(ref),
			ref,
			title: [season.value.title, episode.title].filter(Boolean).join(' '),
			parts,
			part: parts[index] as PartInfo,
			partKey: { src: 'pgc', epId: episode.epId, cid: episode.cid },
			premiumOnly: false,
		},
	};
}

async function videoTarget(
	sources: BilibiliSources,
	ref: Extract<ResolvedRef, { kind: 'video' }>,
): Promise<Parsed<Target>> {
	const view = await sources.view(ref.bvid);
	if (!view.ok) return view;
	const info = view.value;
	if (info.redirectUrl) {
		const redirect = parseBilibiliLink(info.redirectUrl);
		if (redirect.ok && redirect.value.kind === 'episode') {
			return episodeTarget(sources, { epId: redirect.value.epId }, ref.startSec);
		}
	}
	const part = info.parts.find((p) => p.page === ref.page);
	if (!part) {
		return failure(BilibiliReason.NOT_FOUND, `part ${ref.page} of ${info.parts.length}`);
	}
	const resolved: ResolvedRef = {
		kind: 'video',
		bvid: info.bvid,
		page: part.page,
		startSec: ref.startSec,
	};
	return {
		ok: true,
		value: {
			key: bilibiliMediaId(resolved),
			ref: resolved,
			title: info.title,
			parts: info.parts,
			part,
			partKey: { src: 'ugc', bvid: info.bvid, cid: part.cid },
			premiumOnly: info.upowerExclusive,
		},
	};
}

/** Resolves a ref to its part; failures carry the reason. */
export function findTarget(sources: BilibiliSources, ref: ResolvedRef): Promise<Parsed<Target>> {
	switch (ref.kind) {
		case 'video':
			return videoTarget(sources, ref);
		case 'episode':
			return episodeTarget(sources, { epId: ref.epId }, ref.startSec);
		case 'season':
			return episodeTarget(sources, { seasonId: ref.seasonId }, ref.startSec);
	}
}
