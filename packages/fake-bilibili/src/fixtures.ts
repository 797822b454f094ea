/**
 * The fake's catalogue: videos, bangumi seasons and short links, with reserved ids that select
 * each error variant (README.md has the table). Every part plays the same generated media, so
 * durations and dimensions come from media-spec.ts.
 */
import { avToBv } from './bvid.js';
import { MEDIA_DURATION_SEC, VIDEO_SPECS } from './media-spec.js';

/** One part (`pages[]` entry). */
export interface FakePage {
	cid: number;
	page: number;
	part: string;
}

/** Errors `x/player/wbi/playurl` can answer for a cid (HTTP 412 is `http412`). */
export type PlayurlVariant = 'ok' | '-404' | '-352' | '-401' | '-412' | 'http412' | '-10403';

/** A UGC video (`x/web-interface/view`). */
export interface FakeVideo {
	aid: number;
	bvid: string;
	title: string;
	desc: string;
	pic: string;
	pubdate: number;
	owner: { mid: number; name: string; face: string };
	pages: FakePage[];
	/** Set for a UGC id that belongs to a bangumi episode. */
	redirectUrl?: string;
	/** How playurl answers for this video's cids. */
	playurl: PlayurlVariant;
}

/** Duration of every part, in seconds (the media is that long). */
export const PART_DURATION_SEC = MEDIA_DURATION_SEC;
/** `dimension` of every part (the best video stream). */
export const PART_DIMENSION = {
	width: VIDEO_SPECS[0]?.width ?? 1280,
	height: VIDEO_SPECS[0]?.height ?? 720,
	rotate: 0,
};

const OWNER = {
	mid: 2233,
	name: '一起看测试UP主',
	face: 'https://i0.hdslb.com/bfs/face/1f3a5e6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f.jpg',
};
const PUBDATE = 1_700_000_000;

function video(
	aid: number,
	title: string,
	parts: readonly [number, string][],
	extra: Partial<FakeVideo> = {},
): FakeVideo {
	return {
		aid,
		bvid: avToBv(aid),
		title,
		desc: `${title}（VideoTogether 离线测试用的假视频）`,
		pic: `http://i0.hdslb.com/bfs/archive/${aid.toString(16).padStart(8, '0')}e1d2c3b4a5968778695a4b3c2d1e0f.jpg`,
		pubdate: PUBDATE,
		owner: OWNER,
		pages: parts.map(([cid, part], i) => ({ cid, page: i + 1, part })),
		playurl: 'ok',
		...extra,
	};
}

/** The 1-part video: av99999999 / BV1y7411Q7Eq. */
export const SINGLE_PART = video(99999999, '【一起看】单P测试视频 & 同步演示', [
	[171776208, '正片'],
]);

/** The 3-part video: av170001 / BV17x411w7KC. */
export const MULTI_PART = video(170001, '【一起看】三P合集：第一话～第三话', [
	[279786, 'P1 第一话「出发」'],
	[279787, 'P2 第二话「相遇」'],
	[279788, 'P3 第三话「再见」'],
]);

/** `view` error variants, selected by aid (or its BV id): the aid is |code|. */
export const VIEW_ERRORS: ReadonlyMap<number, { code: number; message: string }> = new Map([
	[400, { code: -400, message: '请求错误' }],
	[403, { code: -403, message: '访问权限不足' }],
	[404, { code: -404, message: '啥都木有' }],
	[62002, { code: 62002, message: '稿件不可见' }],
	[62004, { code: 62004, message: '稿件审核中' }],
	[62012, { code: 62012, message: '仅UP主自己可见' }],
]);

/** Videos whose `view` succeeds but whose playurl fails; cid = aid. */
export const PLAYURL_ERROR_VIDEOS: readonly FakeVideo[] = [
	video(10404, '【一起看】取流返回 -404', [[10404, '正片']], { playurl: '-404' }),
	video(10352, '【一起看】取流触发风控 -352', [[10352, '正片']], { playurl: '-352' }),
	video(10401, '【一起看】取流非法访问 -401', [[10401, '正片']], { playurl: '-401' }),
	video(10412, '【一起看】取流请求被拦截 -412', [[10412, '正片']], { playurl: '-412' }),
	video(20412, '【一起看】取流 HTTP 412', [[20412, '正片']], { playurl: 'http412' }),
];

/** A bangumi episode (`pgc/view/web/season` → `episodes[]`). */
export interface FakeEpisode {
	epId: number;
	aid: number;
	bvid: string;
	cid: number;
	title: string;
	longTitle: string;
	regionLocked: boolean;
}

/** A bangumi season. */
export interface FakeSeason {
	seasonId: number;
	title: string;
	cover: string;
	episodes: FakeEpisode[];
}

function episode(
	epId: number,
	aid: number,
	cid: number,
	title: string,
	longTitle: string,
	regionLocked = false,
): FakeEpisode {
	return { epId, aid, bvid: avToBv(aid), cid, title, longTitle, regionLocked };
}

/** ss28770: two playable episodes. */
export const SEASON = {
	seasonId: 28770,
	title: '一起看物语',
	cover: 'http://i0.hdslb.com/bfs/bangumi/image/28770aa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6.png',
	episodes: [
		episode(284001, 560001, 590001, '1', '同步的开始'),
		episode(284002, 560002, 590002, '2', '五十毫秒的约定'),
	],
} satisfies FakeSeason;

/** ss28771: one region-locked episode (playurl → -10403). */
export const LOCKED_SEASON = {
	seasonId: 28771,
	title: '一起看物语（港澳台限定）',
	cover: 'http://i0.hdslb.com/bfs/bangumi/image/28771aa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6.png',
	episodes: [episode(284101, 560101, 590101, '1', '您所在的地区无法观看本片', true)],
} satisfies FakeSeason;

/** Every season. */
export const SEASONS: readonly FakeSeason[] = [SEASON, LOCKED_SEASON];

/** UGC ids of bangumi episodes: `view` answers with `redirect_url` to the episode page. */
const EPISODE_VIDEOS = SEASONS.flatMap((s) =>
	s.episodes.map((ep) =>
		video(ep.aid, `${s.title}：第${ep.title}话 ${ep.longTitle}`, [[ep.cid, ep.longTitle]], {
			redirectUrl: `https://www.bilibili.com/bangumi/play/ep${ep.epId}`,
			playurl: ep.regionLocked ? '-10403' : 'ok',
		}),
	),
);

/** Every UGC video the fake knows. */
export const VIDEOS: readonly FakeVideo[] = [
	SINGLE_PART,
	MULTI_PART,
	...PLAYURL_ERROR_VIDEOS,
	...EPISODE_VIDEOS,
];

/** Looks a video up by aid or BV id. */
export function findVideo(id: { aid?: number; bvid?: string }): FakeVideo | undefined {
	return VIDEOS.find((v) => v.aid === id.aid || v.bvid === id.bvid);
}

/** Looks a part up by cid, with its video. */
export function findPage(cid: number): { video: FakeVideo; page: FakePage } | undefined {
	for (const v of VIDEOS) {
		const page = v.pages.find((p) => p.cid === cid);
		if (page) return { video: v, page };
	}
	return undefined;
}

/** Looks a season up by season id or by one of its episode ids. */
export function findSeason(id: { seasonId?: number; epId?: number }): FakeSeason | undefined {
	return SEASONS.find(
		(s) => s.seasonId === id.seasonId || s.episodes.some((e) => e.epId === id.epId),
	);
}

/** Looks an episode up by ep id or cid. */
export function findEpisode(id: { epId?: number; cid?: number }): FakeEpisode | undefined {
	return SEASONS.flatMap((s) => s.episodes).find((e) => e.epId === id.epId || e.cid === id.cid);
}

/** What a short-link code does. `{self}` in a target is the short-link base the request used. */
export type ShortLink = { kind: 'redirect'; location: string } | { kind: 'html'; href: string };

const TRACKING =
	'share_medium=android&share_plat=android&share_session_id=0f9d3c2a-5b1e-4e8a-9f7d-2c6b1a0e3d4f&share_source=COPY&share_tag=s_i&timestamp=1700000000';

/** Short-link codes (`GET <shortlink base>/<code>`); anything else is 404. */
export const SHORT_LINKS: ReadonlyMap<string, ShortLink> = new Map<string, ShortLink>([
	[
		'pigt3PQ',
		{
			kind: 'redirect',
			location: `https://www.bilibili.com/video/${MULTI_PART.bvid}?p=2&${TRACKING}&unique_k=pigt3PQ`,
		},
	],
	[
		'tStart4',
		{
			kind: 'redirect',
			location: `https://www.bilibili.com/video/${SINGLE_PART.bvid}?t=4&share_source=copy&unique_k=tStart4`,
		},
	],
	[
		'ep28401',
		{
			kind: 'redirect',
			location: `https://www.bilibili.com/bangumi/play/ep${SEASON.episodes[0]?.epId}?share_source=copy&unique_k=ep28401`,
		},
	],
	[
		'htm1Lnk',
		{
			kind: 'html',
			href: `https://www.bilibili.com/video/${SINGLE_PART.bvid}?p=1&share_source=copy&unique_k=htm1Lnk`,
		},
	],
	['loop000', { kind: 'redirect', location: '{self}/loop000' }],
	['hop3abc', { kind: 'redirect', location: '{self}/hop2abc' }],
	['hop2abc', { kind: 'redirect', location: '{self}/hop1abc' }],
	[
		'hop1abc',
		{
			kind: 'redirect',
			location: `https://www.bilibili.com/video/${MULTI_PART.bvid}?p=3&share_source=copy`,
		},
	],
	['ssrf127', { kind: 'redirect', location: 'http://127.0.0.1:1/admin' }],
	['evil000', { kind: 'redirect', location: 'https://evil.example/steal?from=b23' }],
]);
