import { parseBilibiliLink, type Media, type MediaPart } from '@videotogether/shared';

/** The BV id of a Bilibili video item (null: not a UGC video, e.g. a bangumi episode). */
export function bvidOf(media: Media | null): string | null {
	if (media === null || media.kind !== 'bilibili') return null;
	const parsed = parseBilibiliLink(media.url);
	return parsed.ok && parsed.value.kind === 'video' ? parsed.value.bvid : null;
}

/** The link that loads part `page` of `bvid` for everyone. */
export function partUrl(bvid: string, page: number): string {
	return `https://www.bilibili.com/video/${bvid}?p=${page}`;
}

/** The item's part number (1-based): the server's `page`, else the link's `?p=`. */
export function currentPage(media: Media): number {
	if (media.page !== undefined) return media.page;
	const parsed = parseBilibiliLink(media.url);
	return parsed.ok && parsed.value.kind === 'video' ? parsed.value.page : 1;
}

/**
 * How a part is listed: `numbered` (`P2 · title`), or the title alone when it already starts with
 * its own number (uploaders often name parts `P2 …`).
 */
export function partLabel(part: Pick<MediaPart, 'page' | 'title'>, numbered: string): string {
	const title = part.title.trim();
	if (title === '') return `P${part.page}`;
	return new RegExp(`^P\\s*${part.page}(?!\\d)`, 'i').test(title) ? title : numbered;
}

/** The parts a picker offers: only for a Bilibili video with several (null: no picker). */
export function pickerParts(media: Media | null): { bvid: string; parts: MediaPart[] } | null {
	const parts = media?.parts;
	if (parts === undefined || parts.length < 2) return null;
	const bvid = bvidOf(media);
	return bvid === null ? null : { bvid, parts };
}
