/**
 * The iframe src for a start position: Bilibili's `t=` (whole seconds) and `autoplay` set or
 * replaced in the query. The official embed autoplays unless told `autoplay=0`, and its pause
 * message is only best-effort, so a paused room loads it with `autoplay=0`. Other URLs get a
 * `#t=` media fragment instead.
 */
export function buildEmbedSrc(baseUrl: string, positionMs: number, playing: boolean): string {
	const seconds = Math.max(0, Math.floor(positionMs / 1000));
	let url: URL;
	try {
		url = new URL(baseUrl, 'https://player.bilibili.com/');
	} catch {
		return baseUrl;
	}
	if (url.hostname.endsWith('bilibili.com')) {
		url.searchParams.set('t', String(seconds));
		url.searchParams.set('autoplay', playing ? '1' : '0');
	} else {
		url.hash = `t=${seconds}`;
	}
	return url.toString();
}
