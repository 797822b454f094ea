/** Danmaku routes: `x/v1/dm/list.so` (raw-deflate XML) and `x/v2/dm/web/seg.so` (protobuf). */
import { deflateRawSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tag, type FakeContext } from '../context.js';
import { danmakuFor, danmakuXml, encodeSegment } from '../danmaku.js';
import { PART_DURATION_SEC, findPage } from '../fixtures.js';
import { fail, intParam, queryOf } from '../http.js';

/** Sends the pool of a cid as XML, raw-deflated (`Content-Encoding: deflate`), as upstream does. */
export function sendDanmakuXml(reply: FastifyReply, cid: number): FastifyReply {
	const list = findPage(cid) ? danmakuFor(cid, PART_DURATION_SEC) : [];
	return reply
		.type('text/xml')
		.header('content-encoding', 'deflate')
		.send(deflateRawSync(Buffer.from(danmakuXml(cid, list))));
}

/** Registers list.so and seg.so (plus seg.so's WBI path, unsigned checks). */
export function danmakuRoutes(app: FastifyInstance, _ctx: FakeContext): void {
	app.get('/x/v1/dm/list.so', tag('dmList', 'danmaku'), (req, reply) => {
		const cid = intParam(queryOf(req).oid);
		return cid === undefined ? fail(-400, '请求错误') : sendDanmakuXml(reply, cid);
	});

	const seg = (req: FastifyRequest, reply: FastifyReply) => {
		const q = queryOf(req);
		const cid = intParam(q.oid);
		const index = intParam(q.segment_index);
		if (q.type !== '1' || cid === undefined || index === undefined || index < 1) {
			return fail(-400, '请求错误');
		}
		const list = findPage(cid) ? danmakuFor(cid, PART_DURATION_SEC) : [];
		return reply.type('application/octet-stream').send(Buffer.from(encodeSegment(list, index)));
	};
	app.get('/x/v2/dm/web/seg.so', tag('dmSeg', 'danmaku'), seg);
	app.get('/x/v2/dm/wbi/web/seg.so', tag('dmSeg', 'danmaku'), seg);
}
