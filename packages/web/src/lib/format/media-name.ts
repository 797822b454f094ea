/**
 * What to call a video: its title, else the file name at the end of its link (decoded), else the
 * link itself.
 */
export function mediaDisplayName(media: { title?: string | null; url: string }): string {
	const title = media.title?.trim();
	if (title) return title;
	try {
		const last = new URL(media.url).pathname.split('/').findLast((part) => part !== '');
		if (last) return decodeURIComponent(last);
	} catch {
		// Not a URL (or a broken escape): show it as it is.
	}
	return media.url;
}
