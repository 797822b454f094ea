/**
 * Turns a freshly loaded Bilibili item into the best playback the ladder allows. The room starts at
 * once on the official embed (no one waits on the network); the resolver then runs in the
 * background and the room upgrades — everyone switches together on one new state, keeping the
 * position — to native DASH through our proxy, or progressive MP4, with the reason shown when it
 * is not native. Queued items are resolved ahead so the next one starts ready.
 */
import { parseBilibiliLink, type BilibiliRef, type Media } from '@videotogether/shared';
import type { FastifyBaseLogger } from 'fastify';
import { toPublicResolved, type BilibiliService } from '../bilibili/index.js';
import type { RoomService } from '../rooms/room.service.js';

/** Codec families every room can count on (the MPD is filtered per client anyway). */
const ROOM_BASELINE_CODECS = ['avc'];

function refOf(media: Media): BilibiliRef | null {
	if (media.kind !== 'bilibili') return null;
	const parsed = parseBilibiliLink(media.url);
	return parsed.ok && parsed.value.kind !== 'shortlink' ? parsed.value : null;
}

export class MediaUpgrader {
	constructor(
		private readonly bili: BilibiliService,
		private readonly rooms: () => RoomService,
		private readonly log: FastifyBaseLogger,
	) {}

	/** Resolve and upgrade the room's current media (fire and forget; failures leave the embed). */
	upgrade(roomId: string, media: Media): void {
		const ref = refOf(media);
		if (!ref || media.playback) return;
		void this.bili
			.resolve(ref, ROOM_BASELINE_CODECS)
			.then(async (resolved) => {
				const pub = toPublicResolved(resolved);
				const upgraded: Media = {
					...media,
					title: pub.title ?? media.title,
					...(pub.part.durationMs !== null ? { durationMs: pub.part.durationMs } : {}),
					page: pub.part.page,
					...(pub.parts.length > 1
						? {
								parts: pub.parts.map((p) => ({
									page: p.page,
									title: p.title,
									durationMs: p.durationMs,
								})),
							}
						: {}),
					embedUrl: pub.embedUrl ?? media.embedUrl,
					playback: {
						mode: pub.mode,
						reason: pub.reason,
						...(pub.manifestUrl ? { manifestUrl: pub.manifestUrl } : {}),
						...(pub.mp4Url ? { mp4Url: pub.mp4Url } : {}),
						...(pub.danmakuUrl ? { danmakuUrl: pub.danmakuUrl } : {}),
					},
				};
				const result = await this.rooms().apply(roomId, {
					type: 'media-upgrade',
					mediaId: media.id,
					media: upgraded,
				});
				this.log.info(
					{ roomId, mediaId: media.id, mode: pub.mode, reason: pub.reason, applied: result.ok },
					'media resolved',
				);
			})
			.catch(async (error: unknown) => {
				const reason =
					(error as { reason?: string; extra?: { reason?: string } }).reason ??
					(error as { extra?: { reason?: string } }).extra?.reason ??
					'upstream_down';
				this.log.warn(
					{ roomId, mediaId: media.id, reason },
					'media could not be resolved; staying on the embed',
				);
				await this.rooms().apply(roomId, {
					type: 'media-upgrade',
					mediaId: media.id,
					media: { ...media, playback: { mode: 'embed', reason } },
				});
			});
	}

	/** Warm the resolver's cache for a queued item so it starts ready. */
	prepare(media: Media): void {
		const ref = refOf(media);
		if (ref) void this.bili.resolve(ref, ROOM_BASELINE_CODECS).catch(() => undefined);
	}
}
