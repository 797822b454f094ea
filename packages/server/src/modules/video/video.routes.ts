/**
 * `POST /video {url}` (original API): normalise a Bilibili link, load it into the default room for
 * everyone, and answer with the embed URL. Bad links get 400 naming the problem.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
	ApiErrorSchema,
	DEFAULT_ROOM_ID,
	VideoBodySchema,
	VideoOkSchema,
	bilibiliMediaId,
	buildEmbedUrl,
	canonicalBilibiliUrl,
	parseBilibiliLink,
	type Media,
} from '@videotogether/shared';
import { AppError } from '../../lib/errors.js';
import type { RoomService } from '../rooms/room.service.js';

export interface VideoRoutesOptions {
	rooms: RoomService;
}

/** Turn user input into room media, or throw a 400 `AppError` naming what was wrong. */
export function mediaFromLink(input: string): { media: Media; startMs: number } {
	const parsed = parseBilibiliLink(input);
	if (!parsed.ok) {
		const code =
			parsed.error === 'not_bilibili' || parsed.error === 'unsupported_link'
				? 'unsupported_link'
				: 'invalid_link';
		throw new AppError(code, 400, parsed.message, { reason: parsed.error });
	}
	const ref = parsed.value;
	if (ref.kind === 'shortlink') {
		throw new AppError(
			'unsupported_link',
			400,
			'b23.tv short links cannot be opened yet: open the link in a browser and paste the bilibili.com address.',
			{ reason: 'shortlink' },
		);
	}
	const media: Media = {
		id: bilibiliMediaId(ref),
		kind: 'bilibili',
		url: canonicalBilibiliUrl(ref),
		embedUrl: buildEmbedUrl(ref, { startSec: 0, autoplay: false }),
	};
	return { media, startMs: Math.round(ref.startSec * 1000) };
}

const videoRoutes: FastifyPluginAsyncTypebox<VideoRoutesOptions> = async (app, { rooms }) => {
	app.post(
		'/video',
		{
			schema: {
				tags: ['video'],
				summary: 'Load a Bilibili link into the default room for everyone.',
				body: VideoBodySchema,
				response: { 200: VideoOkSchema, 400: ApiErrorSchema, 401: ApiErrorSchema },
			},
		},
		async (request) => {
			const { media, startMs } = mediaFromLink(request.body.url);
			const result = await rooms.apply(
				DEFAULT_ROOM_ID,
				{ type: 'load', media, startMs },
				request.user?.name ?? null,
			);
			if (!result.ok) throw new AppError(result.error, 409, result.message);
			request.log.info(
				{ userId: request.user?.id, mediaId: media.id, url: media.url },
				'video selected',
			);
			const embed = new URL(media.embedUrl ?? media.url);
			embed.searchParams.set('t', String(Math.floor(startMs / 1000)));
			return { ok: true as const, embed_url: embed.toString(), media };
		},
	);
};

export default videoRoutes;
