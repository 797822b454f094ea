/**
 * Turns a freshly loaded Bilibili item into the best playback the ladder allows. The room starts at
 * once on the official embed (no one waits on the network); the resolver then runs in the
 * background and the room upgrades — everyone switches together on one new state, keeping the
 * position — to native DASH through our proxy, or progressive MP4, with the reason shown when it
 * is not native. Queued items are resolved ahead, and the answer stored on the item, so clients
 * buffer its first bytes and the next one starts ready.
 */
import {
	parseBilibiliLink,
	type BilibiliRef,
	type Media,
	type QueueItem,
} from '@videotogether/shared';
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

/** The upstream reason code of a failed resolution (upstream_down when there is none). */
function reasonOf(error: unknown): string {
	const e = error as { reason?: string; extra?: { reason?: string } };
	return e.reason ?? e.extra?.reason ?? 'upstream_down';
}

/** `media` with what the resolver learned: title, duration, parts (分P) and the playback rung. */
function withResolved(media: Media, pub: ReturnType<typeof toPublicResolved>): Media {
	return {
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
				const result = await this.rooms().apply(roomId, {
					type: 'media-upgrade',
					mediaId: media.id,
					media: withResolved(media, pub),
				});
				this.log.info(
					{ roomId, mediaId: media.id, mode: pub.mode, reason: pub.reason, applied: result.ok },
					'media resolved',
				);
			})
			.catch(async (error: unknown) => {
				const reason = reasonOf(error);
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

	/**
	 * Resolve a queued item ahead of its turn and store the answer on the item, so clients can
	 * buffer its first bytes and the room starts it on the right player at once. A failure leaves
	 * the item as it is (its turn starts on the embed and tries again).
	 */
	prepare(roomId: string, item: QueueItem): void {
		const ref = refOf(item.media);
		if (!ref || item.media.playback) return;
		void this.bili
			.resolve(ref, ROOM_BASELINE_CODECS)
			.then(async (resolved) => {
				const pub = toPublicResolved(resolved);
				await this.rooms().apply(roomId, {
					type: 'queue-prepared',
					itemId: item.id,
					media: withResolved(item.media, pub),
				});
				this.log.info(
					{ roomId, itemId: item.id, mediaId: item.media.id, mode: pub.mode, reason: pub.reason },
					'queued media prepared',
				);
			})
			.catch((error: unknown) => {
				this.log.warn(
					{ roomId, itemId: item.id, mediaId: item.media.id, reason: reasonOf(error) },
					'queued media could not be prepared; it will be resolved when it plays',
				);
			});
	}
}
