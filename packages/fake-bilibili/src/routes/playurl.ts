/**
 * `x/player/wbi/playurl` (UGC) and the PGC routes `pgc/view/web/season`, `pgc/player/web/playurl`.
 * Check order for UGC: WBI signature and `wts` freshness → `dm_img_*` presence (HTTP 412) → UA /
 * buvid3 guard → ids → per-video error variant → DASH or `durl` answer.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiGuard, gaData, tag, urlFactory, type FakeContext } from '../context.js';
import {
	PART_DURATION_SEC,
	findEpisode,
	findPage,
	findSeason,
	type FakeSeason,
	type PlayurlVariant,
} from '../fixtures.js';
import { cookie, fail, intParam, ok, queryOf, sendRisk412, type Envelope } from '../http.js';
import { dashPayload, durlPayload } from '../playurl-shape.js';
import { verifyWbi } from '../wbi.js';

/** Parameters the 2026 web client sends and without which playurl answers HTTP 412 (doc §4). */
export const DM_IMG_PARAMS = ['dm_img_list', 'dm_img_str', 'dm_cover_img_str', 'dm_img_inter'];

const DASH_FLAG = 16;
/** Best tier for guests without `try_look` (doc §8: "guests get at most 480P"). */
const GUEST_MAX_QN = 32;
/** Best tier with `try_look=1` or a SESSDATA cookie (every tier the fixtures have). */
const LIFTED_MAX_QN = 64;

const voucher = (): string => `voucher_${randomUUID()}`;

/** Error answers of the reserved playurl variants; null for `ok`. */
function variantAnswer(
	variant: PlayurlVariant,
	reply: FastifyReply,
): Envelope | FastifyReply | null {
	switch (variant) {
		case 'ok':
			return null;
		case '-404':
			return fail(-404, '啥都木有');
		case '-352': {
			const v = voucher();
			reply.header('x-bili-gaia-vvoucher', v);
			return fail(-352, '风控校验失败', { v_voucher: v });
		}
		case '-401':
			return fail(-401, '非法访问', { ga_data: gaData('risk') });
		case '-412':
			return fail(-412, '请求被拦截', null);
		case 'http412':
			return sendRisk412(reply);
		case '-10403':
			return fail(-10403, '抱歉您所在地区不可观看！');
	}
}

function maxQnFor(req: FastifyRequest, query: Record<string, string>): number {
	return query.try_look === '1' || cookie(req, 'SESSDATA') ? LIFTED_MAX_QN : GUEST_MAX_QN;
}

/** DASH when `fnval & 16` and not `platform=html5`; otherwise the progressive `durl` shape. */
function streamPayload(
	ctx: FakeContext,
	req: FastifyRequest,
	query: Record<string, string>,
	cid: number,
): Record<string, unknown> {
	const fnval = intParam(query.fnval) ?? 1;
	const platform = query.platform ?? 'pc';
	const urls = urlFactory(ctx, req, cid, platform);
	if (fnval & DASH_FLAG && platform !== 'html5') {
		return dashPayload(ctx.media, { maxQn: maxQnFor(req, query), qn: intParam(query.qn), urls });
	}
	return durlPayload(ctx.media, urls);
}

function ugcPlayurl(ctx: FakeContext) {
	return (req: FastifyRequest, reply: FastifyReply): Envelope | FastifyReply => {
		const query = queryOf(req);
		if (query.cid !== undefined) ctx.state.count(`playurl:${query.cid}`);
		if (verifyWbi(query, ctx.state.wbiKeys, Math.floor(ctx.now() / 1000))) {
			return ok({ v_voucher: voucher() });
		}
		if (DM_IMG_PARAMS.some((p) => query[p] === undefined)) return sendRisk412(reply);
		const guard = apiGuard(ctx, req);
		if (guard) return guard;
		const cid = intParam(query.cid);
		if (cid === undefined || (query.bvid === undefined && query.avid === undefined)) {
			return fail(-400, '请求错误');
		}
		const found = findPage(cid);
		const owned =
			found && (found.video.bvid === query.bvid || String(found.video.aid) === query.avid);
		if (!found || !owned) return fail(-404, '啥都木有');
		return variantAnswer(found.video.playurl, reply) ?? ok(streamPayload(ctx, req, query, cid));
	};
}

function seasonJson(season: FakeSeason): Record<string, unknown> {
	return {
		season_id: season.seasonId,
		season_title: season.title,
		title: season.title,
		cover: season.cover,
		evaluate: `${season.title}：VideoTogether 离线测试用的假番剧。`,
		media_id: season.seasonId + 1_000_000,
		type: 1,
		total: season.episodes.length,
		episodes: season.episodes.map((ep) => ({
			id: ep.epId,
			ep_id: ep.epId,
			aid: ep.aid,
			bvid: ep.bvid,
			cid: ep.cid,
			title: ep.title,
			long_title: ep.longTitle,
			duration: PART_DURATION_SEC * 1000,
			cover: season.cover,
			link: `https://www.bilibili.com/bangumi/play/ep${ep.epId}`,
			share_url: `https://www.bilibili.com/bangumi/play/ep${ep.epId}`,
			badge: ep.regionLocked ? '限定' : '',
			status: 2,
		})),
		section: [],
		status: 2,
	};
}

/** PGC answers use `message: "success"` and `result` instead of `data`. */
function pgc(code: number, message: string, result?: unknown): Record<string, unknown> {
	return result === undefined ? { code, message } : { code, message, result };
}

/** Registers the UGC and PGC playurl routes and the PGC season route. */
export function playurlRoutes(app: FastifyInstance, ctx: FakeContext): void {
	app.get('/x/player/wbi/playurl', tag('playurl', 'api'), ugcPlayurl(ctx));

	app.get('/pgc/view/web/season', tag('pgcSeason', 'api'), (req) => {
		const query = queryOf(req);
		const epId = intParam(query.ep_id);
		const seasonId = intParam(query.season_id);
		if (epId === undefined && seasonId === undefined) return pgc(-400, '请求错误');
		const season = findSeason({ epId, seasonId });
		return season ? pgc(0, 'success', seasonJson(season)) : pgc(-404, '啥都木有');
	});

	app.get('/pgc/player/web/playurl', tag('pgcPlayurl', 'api'), (req) => {
		const query = queryOf(req);
		const guard = apiGuard(ctx, req);
		if (guard) return guard;
		const ep = findEpisode({ epId: intParam(query.ep_id), cid: intParam(query.cid) });
		if (!ep) return pgc(-404, '啥都木有');
		ctx.state.count(`pgcPlayurl:${ep.epId}`);
		if (ep.regionLocked) return pgc(-10403, '抱歉您所在地区不可观看！');
		const payload = streamPayload(ctx, req, query, ep.cid);
		return pgc(0, 'success', {
			...payload,
			type: 'dash' in payload ? 'DASH' : 'MP4',
			code: 0,
			is_preview: 0,
			has_paid: false,
			vip_type: 0,
			vip_status: 0,
			status: 2,
			is_drm: false,
			fnval: intParam(query.fnval) ?? 1,
			fnver: 0,
			video_project: true,
			clip_info_list: [],
			record_info: { record_icon: '', record: '' },
		});
	});
}
