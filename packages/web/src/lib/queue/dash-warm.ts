/**
 * Warming the next queue item's DASH stream: fetch the same byte ranges dash.js will ask for when
 * the item starts — each representation's initialization + index (`sidx`) and, for the
 * representation it is likely to start on, the first media segment — so they sit in the
 * browser's HTTP cache (our proxy answers with `Cache-Control: private, max-age`) and the item
 * starts together with everyone instead of waiting on its first bytes.
 */
import { DASH_START_KBPS } from '../player/html-video.js';

/** A byte range of one stream (inclusive, as in an HTTP `Range` header). */
export interface ByteRange {
	url: string;
	start: number;
	end: number;
}

interface RepresentationRanges {
	url: string;
	bandwidth: number;
	/** Initialization + index: bytes 0..end of the index. */
	head: ByteRange;
	/** The index (`sidx`) alone, inside `head`. */
	index: { start: number; end: number };
}

export interface StreamPlan {
	video: RepresentationRanges[];
	audio: RepresentationRanges[];
}

/** The rates (bit/s) our dash.js starts on: it picks the best representation at or under them. */
const START_BITRATE = {
	video: DASH_START_KBPS.video * 1000,
	audio: DASH_START_KBPS.audio * 1000,
} as const;
/** Never warm more than this of one first segment. */
export const FIRST_SEGMENT_MAX_BYTES = 4 * 1024 * 1024;

function parseRange(value: string | null | undefined): { start: number; end: number } | null {
	const match = /^(\d+)-(\d+)$/.exec(value?.trim() ?? '');
	if (!match) return null;
	const start = Number(match[1]);
	const end = Number(match[2]);
	return end >= start ? { start, end } : null;
}

/**
 * The representations of an on-demand MPD (SegmentBase with index ranges), by media type; their
 * URLs resolved against the manifest's (itself against `pageUrl`).
 */
export function planFromMpd(xml: string, manifestUrl: string, pageUrl: string): StreamPlan {
	const doc = new DOMParser().parseFromString(xml, 'application/xml');
	const manifest = new URL(manifestUrl, pageUrl);
	const plan: StreamPlan = { video: [], audio: [] };
	for (const set of Array.from(doc.getElementsByTagName('AdaptationSet'))) {
		const mime = set.getAttribute('mimeType') ?? set.getAttribute('contentType') ?? '';
		const type = mime.startsWith('audio') ? 'audio' : 'video';
		for (const rep of Array.from(set.getElementsByTagName('Representation'))) {
			const base = rep.getElementsByTagName('BaseURL')[0]?.textContent?.trim();
			const segmentBase = rep.getElementsByTagName('SegmentBase')[0];
			const index = parseRange(segmentBase?.getAttribute('indexRange'));
			const init = parseRange(
				segmentBase?.getElementsByTagName('Initialization')[0]?.getAttribute('range'),
			);
			if (!base || !index || !init) continue;
			const url = new URL(base, manifest).toString();
			plan[type].push({
				url,
				bandwidth: Number(rep.getAttribute('bandwidth')) || 0,
				head: { url, start: Math.min(init.start, index.start), end: Math.max(init.end, index.end) },
				index,
			});
		}
	}
	return plan;
}

/** The representation dash.js is likely to start on (highest ≤ its start rate, else the lowest). */
export function startingRepresentation(
	reps: readonly RepresentationRanges[],
	startBitrate: number,
): RepresentationRanges | null {
	const sorted = [...reps].sort((a, b) => a.bandwidth - b.bandwidth);
	const fitting = sorted.filter((r) => r.bandwidth <= startBitrate);
	return fitting.at(-1) ?? sorted[0] ?? null;
}

/**
 * The first media segment's byte range from a `sidx` box (ISO/IEC 14496-12 §8.16.3); `indexStart`
 * is where the box sits in the file. Null when the bytes are not a usable `sidx`.
 */
export function firstSegmentFromSidx(
	bytes: Uint8Array,
	indexStart: number,
): { start: number; end: number } | null {
	if (bytes.length < 32) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const size = view.getUint32(0);
	const type = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
	if (type !== 'sidx' || size > bytes.length) return null;
	const version = bytes[8];
	let offset = 12 + 4 + 4; // header + version/flags, reference_ID, timescale
	let firstOffset: number;
	if (version === 0) {
		firstOffset = view.getUint32(offset + 4);
		offset += 8;
	} else {
		firstOffset = Number(view.getBigUint64(offset + 8));
		offset += 16;
	}
	offset += 2; // reserved
	const count = view.getUint16(offset);
	offset += 2;
	if (count === 0 || offset + 12 > bytes.length) return null;
	const reference = view.getUint32(offset);
	if (reference >>> 31 === 1) return null; // a reference to another sidx, not media
	const referencedSize = reference & 0x7fffffff;
	const start = indexStart + size + firstOffset;
	return { start, end: start + referencedSize - 1 };
}

export type RangeFetch = (range: ByteRange, signal: AbortSignal) => Promise<Uint8Array>;

/** Fetches a range with the session cookie and reads it whole (so the cache keeps it). */
export const fetchRange: RangeFetch = async ({ url, start, end }, signal) => {
	const response = await fetch(url, {
		headers: { range: `bytes=${start}-${end}` },
		credentials: 'same-origin',
		signal,
	});
	if (response.status !== 206 && response.status !== 200) {
		throw new Error(`warming ${url} answered ${response.status}`);
	}
	return new Uint8Array(await response.arrayBuffer());
};

/**
 * Warms the manifest at `manifestUrl`: every representation's head, then the first segment of
 * the likely starting video and audio representations. Resolves with the bytes fetched; stops
 * quietly when `signal` aborts (the queue changed).
 */
export async function warmDash(
	manifestUrl: string,
	signal: AbortSignal,
	fetchText: (url: string, signal: AbortSignal) => Promise<string> = async (url, abort) =>
		(await fetch(url, { credentials: 'same-origin', signal: abort })).text(),
	range: RangeFetch = fetchRange,
	pageUrl: string = location.href,
): Promise<number> {
	const plan = planFromMpd(await fetchText(manifestUrl, signal), manifestUrl, pageUrl);
	let bytes = 0;
	const starting = [
		startingRepresentation(plan.video, START_BITRATE.video),
		startingRepresentation(plan.audio, START_BITRATE.audio),
	];
	for (const rep of [...plan.video, ...plan.audio]) {
		const head = await range(rep.head, signal);
		bytes += head.length;
		if (!starting.includes(rep)) continue;
		const sidx = head.subarray(rep.index.start - rep.head.start);
		const first = firstSegmentFromSidx(sidx, rep.index.start);
		if (first === null) continue;
		const end = Math.min(first.end, first.start + FIRST_SEGMENT_MAX_BYTES - 1);
		bytes += (await range({ url: rep.url, start: first.start, end }, signal)).length;
	}
	return bytes;
}
