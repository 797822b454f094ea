/**
 * Metadata routes: `nav` (WBI keys), `view` / `wbi/view`, `pagelist`, and the buvid3 issuers
 * (`x/frontend/finger/spi`, `x/web-frontend/getbuvid`).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bvToAv, isBvid } from '../bvid.js';
import { apiGuard, tag, type FakeContext } from '../context.js';
import {
	PART_DIMENSION,
	PART_DURATION_SEC,
	VIEW_ERRORS,
	findVideo,
	type FakeVideo,
} from '../fixtures.js';
import { fail, intParam, ok, queryOf, type Envelope } from '../http.js';

type Lookup = { video: FakeVideo } | { error: Envelope };

/** Resolves `bvid`/`aid` the way view does: -400 for no or malformed id, reserved errors, -404. */
export function lookupVideo(query: Record<string, string>): Lookup {
	let aid: number | undefined;
	if (query.bvid !== undefined) {
		const av = isBvid(query.bvid) ? bvToAv(query.bvid) : null;
		if (av === null) return { error: fail(-400, '请求错误') };
		aid = Number(av);
	} else if (query.aid !== undefined) {
		aid = intParam(query.aid);
		if (aid === undefined) return { error: fail(-400, '请求错误') };
	} else {
		return { error: fail(-400, '请求错误') };
	}
	const reserved = VIEW_ERRORS.get(aid);
	if (reserved) return { error: fail(reserved.code, reserved.message) };
	const video = findVideo({ aid });
	return video ? { video } : { error: fail(-404, '啥都木有') };
}

function pageJson(video: FakeVideo): Record<string, unknown>[] {
	return video.pages.map((p) => ({
		cid: p.cid,
		page: p.page,
		from: 'vupload',
		part: p.part,
		duration: PART_DURATION_SEC,
		vid: '',
		weblink: '',
		dimension: PART_DIMENSION,
		first_frame: `http://i0.hdslb.com/bfs/storyff/n${p.cid}_firsti.jpg`,
	}));
}

function viewJson(video: FakeVideo): Record<string, unknown> {
	const first = video.pages[0];
	return {
		bvid: video.bvid,
		aid: video.aid,
		videos: video.pages.length,
		tid: 17,
		tname: '单机游戏',
		copyright: 1,
		pic: video.pic,
		title: video.title,
		pubdate: video.pubdate,
		ctime: video.pubdate,
		desc: video.desc,
		state: 0,
		duration: PART_DURATION_SEC * video.pages.length,
		rights: {
			bp: 0,
			elec: 0,
			download: 1,
			movie: 0,
			pay: 0,
			hd5: 0,
			no_reprint: 1,
			autoplay: 1,
			ugc_pay: 0,
			is_cooperation: 0,
			ugc_pay_preview: 0,
			no_background: 0,
			is_stein_gate: 0,
			is_360: 0,
			no_share: 0,
		},
		owner: video.owner,
		stat: {
			aid: video.aid,
			view: 23333,
			danmaku: 36,
			reply: 12,
			favorite: 66,
			coin: 88,
			share: 6,
			now_rank: 0,
			his_rank: 0,
			like: 520,
			dislike: 0,
		},
		dynamic: '',
		cid: first?.cid ?? 0,
		dimension: PART_DIMENSION,
		no_cache: false,
		pages: pageJson(video),
		subtitle: { allow_submit: false, list: [] },
		is_upower_exclusive: false,
		...(video.redirectUrl ? { redirect_url: video.redirectUrl } : {}),
	};
}

/** Registers nav, view, wbi/view, pagelist, finger/spi and getbuvid. */
export function apiRoutes(app: FastifyInstance, ctx: FakeContext): void {
	app.get('/x/web-interface/nav', tag('nav', 'api'), () => {
		const { imgKey, subKey } = ctx.state.wbiKeys;
		return fail(-101, '账号未登录', {
			isLogin: false,
			wbi_img: {
				img_url: `https://i0.hdslb.com/bfs/wbi/${imgKey}.png`,
				sub_url: `https://i0.hdslb.com/bfs/wbi/${subKey}.png`,
			},
		});
	});

	const view = (req: FastifyRequest): Envelope => {
		const guard = apiGuard(ctx, req);
		if (guard) return guard;
		const found = lookupVideo(queryOf(req));
		return 'error' in found ? found.error : ok(viewJson(found.video));
	};
	app.get('/x/web-interface/view', tag('view', 'api'), view);
	app.get('/x/web-interface/wbi/view', tag('view', 'api'), view);

	app.get('/x/player/pagelist', tag('pagelist', 'api'), (req) => {
		const found = lookupVideo(queryOf(req));
		return 'error' in found ? found.error : ok(pageJson(found.video));
	});

	app.get('/x/frontend/finger/spi', tag('spi', 'api'), () =>
		ok({ b_3: buvid(), b_4: `${randomUUID().toUpperCase()}infoc` }, 'ok'),
	);
	app.get('/x/web-frontend/getbuvid', tag('getbuvid', 'api'), () => ok({ buvid: buvid() }));
}

function buvid(): string {
	return `${randomUUID().toUpperCase()}${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}infoc`;
}
