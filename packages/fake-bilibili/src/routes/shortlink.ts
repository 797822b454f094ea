/**
 * Short links on the same server (`BILIBILI_SHORTLINK_BASE`): `GET /<code>` redirects like b23.tv
 * (302 + Location), answers an HTML page with an `<a href>`, loops, hops, leaves the allow-list,
 * or 404s. `/<cid>.xml` doubles as `comment.bilibili.com`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBvid } from '../bvid.js';
import { tag, type FakeContext } from '../context.js';
import { SHORT_LINKS, type ShortLink } from '../fixtures.js';
import { escapeXml } from '../danmaku.js';
import { hostOf } from '../http.js';
import { sendDanmakuXml } from './danmaku.js';

const NOT_FOUND_HTML =
	'<!DOCTYPE html><html><head><meta charset="utf-8"><title>404</title></head>' +
	'<body><p>啊叻？视频不见了？</p></body></html>';

/** `b23.tv/av<aid>` and `b23.tv/BV<bvid>` forms redirect to the video page. */
function idLink(code: string): ShortLink | undefined {
	if (/^av\d{1,16}$/i.test(code) || isBvid(code)) {
		return { kind: 'redirect', location: `https://www.bilibili.com/video/${code}/` };
	}
	return undefined;
}

function answer(req: FastifyRequest, reply: FastifyReply, link: ShortLink): FastifyReply {
	const self = `http://${hostOf(req)}`;
	if (link.kind === 'redirect') {
		const location = link.location.replace('{self}', self);
		return reply
			.code(302)
			.header('location', location)
			.type('text/html; charset=utf-8')
			.send(`<a href="${escapeXml(location)}">Found</a>.\n`);
	}
	const href = escapeXml(link.href);
	return reply
		.type('text/html; charset=utf-8')
		.send(
			`<!DOCTYPE html><html><head><meta charset="utf-8"><title>哔哩哔哩</title></head>` +
				`<body><a href="${href}">Moved Permanently</a>.</body></html>`,
		);
}

/** Registers `GET /:code`. */
export function shortlinkRoutes(app: FastifyInstance, ctx: FakeContext): void {
	app.get<{ Params: { code: string } }>('/:code', tag('shortlink', 'shortlink'), (req, reply) => {
		const { code } = req.params;
		const xml = /^(\d{1,16})\.xml$/.exec(code);
		if (xml) return sendDanmakuXml(reply, Number(xml[1]));
		ctx.state.count(`shortlink:${code}`);
		const link = SHORT_LINKS.get(code) ?? idLink(code);
		if (!link) return reply.code(404).type('text/html; charset=utf-8').send(NOT_FOUND_HTML);
		return answer(req, reply, link);
	});
}
