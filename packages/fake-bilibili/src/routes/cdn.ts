/**
 * The fake upos CDN: `GET|HEAD /upgcxcode/<aa>/<bb>/<cid>/<cid>_<tag>-1-<streamId>.(m4s|mp4)`.
 * 403 without a `*.bilibili.com` Referer and a non-empty User-Agent (unless the URL is
 * `platform=html5`), 403 for a tampered or expired link, single-range 206 / 416, streamed from
 * disk. It never sends CORS headers.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseCdnPath, upsig } from '../cdn-url.js';
import { tag, type FakeContext } from '../context.js';
import { findPage } from '../fixtures.js';
import { queryOf } from '../http.js';
import { parseRange } from '../range.parse.js';

const FORBIDDEN_HTML =
	'<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center>' +
	'<hr><center>Tengine</center></body></html>';

/** True for an `http(s)://bilibili.com/…` or `http(s)://*.bilibili.com/…` Referer. */
export function isBilibiliReferer(referer: string | undefined): boolean {
	if (!referer) return false;
	try {
		const { hostname, protocol } = new URL(referer);
		const httpish = protocol === 'https:' || protocol === 'http:';
		return httpish && (hostname === 'bilibili.com' || hostname.endsWith('.bilibili.com'));
	} catch {
		return false;
	}
}

function forbidden(reply: FastifyReply, why: string): FastifyReply {
	return reply.code(403).header('x-fake-reason', why).type('text/html').send(FORBIDDEN_HTML);
}

/** Why a CDN request is refused (403), or null. */
function refusal(ctx: FakeContext, req: FastifyRequest, path: string): string | null {
	const q = queryOf(req);
	const platform = q.platform ?? '';
	if (platform !== 'html5') {
		if (!isBilibiliReferer(req.headers.referer)) return 'referer';
		if (!req.headers['user-agent']?.trim()) return 'user-agent';
	}
	const deadline = q.deadline ?? '';
	if (!/^\d+$/.test(deadline) || q.upsig !== upsig(path, deadline, platform)) return 'signature';
	if (Math.floor(ctx.now() / 1000) > Number(deadline)) return 'expired';
	return null;
}

function serveFile(
	req: FastifyRequest,
	reply: FastifyReply,
	file: { path: string; size: number },
	etag: string,
): FastifyReply {
	const ifRange = req.headers['if-range'];
	const rangeHeader = ifRange === undefined || ifRange === etag ? req.headers.range : undefined;
	const range = parseRange(rangeHeader, file.size);
	reply.header('accept-ranges', 'bytes').header('etag', etag).type('video/mp4');
	if (range.kind === 'unsatisfiable') {
		return reply.code(416).header('content-range', `bytes */${file.size}`).send();
	}
	const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, file.size - 1];
	if (range.kind === 'partial') {
		reply.code(206).header('content-range', `bytes ${start}-${end}/${file.size}`);
	}
	reply.header('content-length', String(end - start + 1));
	if (req.method === 'HEAD') return reply.send();
	return reply.send(createReadStream(file.path, { start, end }));
}

/** Registers the CDN route. */
export function cdnRoutes(app: FastifyInstance, ctx: FakeContext): void {
	app.route({
		method: ['GET', 'HEAD'],
		url: '/upgcxcode/*',
		exposeHeadRoute: false,
		...tag('cdn', 'cdn'),
		handler: (req, reply) => {
			const path = req.url.split('?')[0] ?? '';
			const target = parseCdnPath(path);
			const file = target && ctx.media.byStreamId.get(target.streamId);
			const kindOk =
				target && (target.ext === 'mp4') === (target.streamId === ctx.media.progressive.streamId);
			if (!target || !file || !kindOk || !findPage(target.cid)) {
				return reply.code(404).type('text/html').send('<h1>404 Not Found</h1>');
			}
			const why = refusal(ctx, req, path);
			if (why) return forbidden(reply, why);
			return serveFile(req, reply, file, `"${target.streamId}-${file.size}"`);
		},
	});
}
