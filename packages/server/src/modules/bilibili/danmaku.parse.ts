/**
 * Pure parser of the danmaku XML pool (`x/v1/dm/list.so`, docs: bilibili-upstream.md §5.7):
 * `<d p="time,mode,size,color,ctime,pool,midHash,dmid,weight">text</d>` → entries sorted by time.
 * Only plain modes (1–6: scrolling, bottom, top, reverse) are kept; advanced (7), code (8) and
 * BAS (9) entries hold scripts, not text.
 */

/** One comment to fly over the video. */
export interface DanmakuEntry {
	/** Position in the part, ms. */
	timeMs: number;
	/** 1–3 scrolling, 4 bottom, 5 top, 6 reverse. */
	mode: number;
	/** Font size (18 / 25 / 36). */
	size: number;
	/** RGB888 as an integer. */
	color: number;
	text: string;
}

/** Upper bound on entries we return (Bilibili caps pools at 500–8000). */
export const MAX_DANMAKU = 8000;
const MAX_TEXT_LENGTH = 300;

const ENTRY_RE = /<d\s+p="([^"]{1,200})"\s*>([\s\S]*?)<\/d>/g;
const ENTITY_RE = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
};

function codePoint(n: number): string {
	return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '';
}

/** Decodes the five XML entities and numeric character references. */
export function decodeXmlText(text: string): string {
	return text.replace(ENTITY_RE, (_m, dec?: string, hex?: string, name?: string) => {
		if (dec !== undefined) return codePoint(Number(dec));
		if (hex !== undefined) return codePoint(Number.parseInt(hex, 16));
		return NAMED[name ?? ''] ?? '';
	});
}

function parseEntry(p: string, body: string): DanmakuEntry | null {
	const fields = p.split(',');
	const time = Number(fields[0]);
	const mode = Number(fields[1]);
	const size = Number(fields[2]);
	const color = Number(fields[3]);
	if (!Number.isFinite(time) || time < 0) return null;
	if (!Number.isInteger(mode) || mode < 1 || mode > 6) return null;
	const text = decodeXmlText(body).slice(0, MAX_TEXT_LENGTH);
	if (text.trim() === '') return null;
	return {
		timeMs: Math.round(time * 1000),
		mode,
		size: Number.isInteger(size) && size > 0 && size < 128 ? size : 25,
		color: Number.isInteger(color) && color >= 0 && color <= 0xffffff ? color : 0xffffff,
		text,
	};
}

/** Parses a pool; malformed entries are skipped, at most `max` are kept, sorted by time. */
export function parseDanmakuXml(xml: string, max = MAX_DANMAKU): DanmakuEntry[] {
	const entries: DanmakuEntry[] = [];
	for (const m of xml.matchAll(ENTRY_RE)) {
		const entry = parseEntry(m[1] as string, m[2] as string);
		if (entry) entries.push(entry);
		if (entries.length >= max) break;
	}
	return entries.sort((a, b) => a.timeMs - b.timeMs);
}
