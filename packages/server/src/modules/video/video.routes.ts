/**
 * `POST /video {url}` (original API): normalise a Bilibili link (or a direct media URL), load it
 * into the default room for everyone, and answer with the embed URL. Bad links get 400 naming
 * the problem.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
	ApiErrorSchema,
	DEFAULT_ROOM_ID,
	VideoBodySchema,
	VideoOkSchema,
} from '@videotogether/shared';
import { AppError } from '../../lib/errors.js';
import { mediaLogFields } from '../media/media-log.js';
import type { MediaServices } from '../media/media-services.js';
import type { RoomService } from '../rooms/room.service.js';

export interface VideoRoutesOptions {
	rooms: RoomService;
	media: MediaServices;
}

/** The original `embed_url`: the embed player at the link's start time (direct media: the URL itself). */
function embedUrlAt(media: { embedUrl?: string; url: string }, startMs: number): string {
	if (!media.embedUrl) return media.url;
	const embed = new URL(media.embedUrl);
	embed.searchParams.set('t', String(Math.floor(startMs / 1000)));
	return embed.toString();
}

const videoRoutes: FastifyPluginAsyncTypebox<VideoRoutesOptions> = async (
	app,
	{ rooms, media: mediaServices },
) => {
	app.post(
		'/video',
		{
			schema: {
				tags: ['video'],
				summary: 'Load a Bilibili link (or a direct media URL) into the default room for everyone.',
				body: VideoBodySchema,
				response: { 200: VideoOkSchema, 400: ApiErrorSchema, 401: ApiErrorSchema },
			},
		},
		async (request) => {
			const { media, startMs } = await mediaServices.fromInput(request.body.url);
			const result = await rooms.apply(
				DEFAULT_ROOM_ID,
				{ type: 'load', media, startMs },
				request.user ? { id: request.user.id, name: request.user.name } : null,
			);
			if (!result.ok)
				throw new AppError(
					result.error,
					result.error === 'not_allowed' ? 403 : 409,
					result.message,
				);
			request.log.info(
				{ roomId: DEFAULT_ROOM_ID, userId: request.user?.id, ...mediaLogFields(media) },
				'video selected',
			);
			return { ok: true as const, embed_url: embedUrlAt(media, startMs), media };
		},
	);
};

export default videoRoutes;
