/** What the HTTP routes and socket handlers need to turn input into media (injected, so tests can do without Bilibili). */
import { AppError } from '../../lib/errors.js';
import type { BilibiliService } from '../bilibili/index.js';
import { mediaFromInput, mediaFromLink, type MediaFromLink } from './media-link.js';
import type { MediaUpgrader } from './media-upgrader.js';
import type { QueueItem } from '@videotogether/shared';

export interface MediaServices {
	/** Input → media (following short links, bounded in time). */
	fromInput(input: string): Promise<MediaFromLink>;
	/** Get a queued item ready ahead of time (resolved, its playback stored on the item). */
	prepare(roomId: string, item: QueueItem): void;
}

/** Short links may take a redirect or two; the user is never kept waiting longer than this. */
const SHORT_LINK_BUDGET_MS = 5_000;

export function mediaServices(
	bili: BilibiliService | null,
	upgrader: MediaUpgrader | null,
): MediaServices {
	return {
		fromInput: (input) => {
			if (!bili) return Promise.resolve(mediaFromLink(input));
			return mediaFromInput(input, async (url) => {
				const timeout = new Promise<never>((_, reject) =>
					setTimeout(
						() =>
							reject(
								new AppError(
									'unavailable',
									504,
									'The short link did not answer in time: paste the full bilibili.com address.',
								),
							),
						SHORT_LINK_BUDGET_MS,
					).unref(),
				);
				return Promise.race([bili.resolveShortLink(url), timeout]);
			});
		},
		prepare: (roomId, item) => upgrader?.prepare(roomId, item),
	};
}
