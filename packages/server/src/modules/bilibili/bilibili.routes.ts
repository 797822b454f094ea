/**
 * HTTP surface of the pipeline, for the logged-in SPA on the same origin (register it AFTER the
 * auth gate; no CORS): the MPD of a resolved part, the Range-forwarding media proxy and the
 * part's danmaku. Every URL carries an HMAC-signed token; a forged or altered one is a plain 404.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { unknownToken } from './bilibili.errors.js';
import { BILI_PREFIX } from './bilibili.paths.js';
import type { BilibiliService } from './bilibili.service.js';

export interface BilibiliRoutesOptions {
	service: BilibiliService;
}

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 240 }) });
const ManifestParams = Type.Object({ file: Type.String({ minLength: 5, maxLength: 244 }) });
const ManifestQuery = Type.Object({
	/** The client's MediaSource support: `avc,hevc,av1` or codec strings, comma-separated. */
	codecs: Type.Optional(Type.String({ maxLength: 512 })),
});

export async function bilibiliRoutes(
	app: FastifyInstance,
	{ service }: BilibiliRoutesOptions,
): Promise<void> {
	app.get<{ Params: { file: string }; Querystring: { codecs?: string } }>(
		`${BILI_PREFIX}/manifest/:file`,
		{ schema: { tags: ['bilibili'], params: ManifestParams, querystring: ManifestQuery } },
		async (request, reply) => {
			const { file } = request.params;
			if (!file.endsWith('.mpd')) throw unknownToken();
			const codecs = request.query.codecs?.split(',').map((c) => c.trim());
			const mpd = await service.manifest(file.slice(0, -'.mpd'.length), codecs);
			return reply
				.header('content-type', 'application/dash+xml; charset=utf-8')
				.header('cache-control', 'private, no-cache')
				.send(mpd);
		},
	);

	app.route<{ Params: { token: string } }>({
		method: ['GET', 'HEAD'],
		url: `${BILI_PREFIX}/media/:token`,
		exposeHeadRoute: false,
		schema: { tags: ['bilibili'], params: TokenParams },
		handler: (request, reply) => service.serveMedia(request.params.token, request, reply),
	});

	app.get<{ Params: { token: string } }>(
		`${BILI_PREFIX}/danmaku/:token`,
		{ schema: { tags: ['bilibili'], params: TokenParams } },
		async (request, reply) => {
			const body = await service.danmaku(request.params.token);
			return reply.header('cache-control', 'private, max-age=300').send(body);
		},
	);
}
