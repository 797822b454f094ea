/**
 * User input → room media. Bilibili links of every common form become a Bilibili media item with
 * its embed URL; plain http(s) media URLs (.mp4 .webm .m3u8 .mpd) become direct media the browser
 * fetches itself. Anything else is a 400 naming what was wrong. Never touches the network.
 */
import {
	type BilibiliRef,
	bilibiliMediaId,
	buildEmbedUrl,
	canonicalBilibiliUrl,
	parseBilibiliLink,
	parseDirectMediaLink,
	type Media,
} from '@videotogether/shared';
import { AppError } from '../../lib/errors.js';

export interface MediaFromLink {
	media: Media;
	startMs: number;
}

/** A plain media URL (the shared parser decides by scheme and extension), or null. */
function directMedia(input: string): MediaFromLink | null {
	const direct = parseDirectMediaLink(input);
	if (!direct.ok) return null;
	const { url, format } = direct.value;
	return { media: { id: url, kind: 'direct', url, format }, startMs: 0 };
}

export function mediaFromLink(input: string): MediaFromLink {
	const direct = directMedia(input);
	if (direct) return direct;
	const parsed = parseBilibiliLink(input);
	if (!parsed.ok) {
		const code =
			parsed.error === 'not_bilibili' || parsed.error === 'unsupported_link'
				? 'unsupported_link'
				: 'invalid_link';
		const message =
			parsed.error === 'not_bilibili'
				? `${parsed.message} Paste a Bilibili link, or a direct .mp4/.webm/.m3u8/.mpd URL.`
				: parsed.message;
		throw new AppError(code, 400, message, { reason: parsed.error });
	}
	const ref = parsed.value;
	if (ref.kind === 'shortlink') {
		throw new AppError('unsupported_link', 400, 'Short links must be resolved first.', {
			reason: 'shortlink',
		});
	}
	return { media: bilibiliMedia(ref), startMs: Math.round(ref.startSec * 1000) };
}

/** A Bilibili item as it starts: the official embed, until the resolver upgrades it. */
export function bilibiliMedia(ref: Exclude<BilibiliRef, { kind: 'shortlink' }>): Media {
	return {
		id: bilibiliMediaId(ref),
		kind: 'bilibili',
		url: canonicalBilibiliUrl(ref),
		embedUrl: buildEmbedUrl(ref, { startSec: 0, autoplay: false }),
	};
}

/** Resolves b23.tv short links (over the network, bounded) when a resolver is available. */
export type ShortLinkResolver = (
	url: string,
) => Promise<Exclude<BilibiliRef, { kind: 'shortlink' }>>;

/** Like {@link mediaFromLink}, but follows short links through `resolveShortLink`. */
export async function mediaFromInput(
	input: string,
	resolveShortLink: ShortLinkResolver | null,
): Promise<MediaFromLink> {
	const parsed = directMedia(input) ? null : parseBilibiliLink(input);
	if (parsed?.ok && parsed.value.kind === 'shortlink') {
		if (!resolveShortLink) {
			throw new AppError(
				'unsupported_link',
				400,
				'Short links cannot be opened here: paste the bilibili.com address.',
				{ reason: 'shortlink' },
			);
		}
		const ref = await resolveShortLink(parsed.value.url);
		const startSec = parsed.value.startSec > 0 ? parsed.value.startSec : ref.startSec;
		return { media: bilibiliMedia(ref), startMs: Math.round(startSec * 1000) };
	}
	return mediaFromLink(input);
}
