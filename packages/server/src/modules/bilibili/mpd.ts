/**
 * Pure builder of a static on-demand MPD from Bilibili's DASH JSON (docs: bilibili-upstream.md
 * §13): one video AdaptationSet (one codec family), one audio AdaptationSet, each Representation
 * with `SegmentBase@indexRange` and an `Initialization` CHILD element carrying `range`, and a
 * `BaseURL` that is our proxy URL, never an upstream one. Every value is XML-escaped.
 */
import { familyOfStream, type CodecFamily } from '@videotogether/shared';
import type { DashStream, PlayInfo } from './playurl.parse.js';

/** What {@link buildMpd} needs. */
export interface MpdInput {
	durationMs: number;
	/** Video streams of ONE codec family, best first. */
	video: readonly DashStream[];
	audio: readonly DashStream[];
	/** The proxy URL of a stream (e.g. `/api/bili/media/<token>`). */
	baseUrl: (stream: DashStream) => string;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;',
};

/** Escapes text for XML content and double-quoted attributes. */
export function escapeXml(value: string): string {
	return value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** `PT10S`, `PT10.5S`, `PT3723.25S` (millisecond precision, trailing zeros dropped). */
export function isoDuration(ms: number): string {
	const safe = Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
	const seconds = (safe / 1000).toFixed(3).replace(/\.?0+$/, '');
	return `PT${seconds}S`;
}

/**
 * DASH `FrameRateType` is `N` or `N/D`; Bilibili sends decimals (`"30.303"`), so those become
 * fractions (`30303/1000`). Unreadable values give null (the attribute is left out).
 */
export function frameRateAttr(value: string | null): string | null {
	if (value === null) return null;
	const trimmed = value.trim();
	if (/^\d{1,6}(\/\d{1,6})?$/.test(trimmed)) return trimmed.replace(/^0+(?=\d)/, '');
	const m = /^(\d{1,6})\.(\d{1,6})$/.exec(trimmed);
	if (!m) return null;
	const decimals = (m[2] as string).replace(/0+$/, '');
	if (decimals === '') return String(Number(m[1]));
	return `${Number(`${m[1]}${decimals}`)}/${10 ** decimals.length}`;
}

function attrs(pairs: readonly [string, string | number | null][]): string {
	return pairs
		.filter((pair): pair is [string, string | number] => pair[1] !== null)
		.map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
		.join('');
}

function representation(s: DashStream, id: string, baseUrl: string): string[] {
	const rep = attrs([
		['id', id],
		['bandwidth', s.bandwidth],
		['codecs', s.codecs],
		['mimeType', s.mimeType],
		['width', s.width],
		['height', s.height],
		['frameRate', frameRateAttr(s.frameRate)],
		['sar', s.kind === 'video' ? s.sar : null],
		['startWithSAP', s.startWithSap],
	]);
	return [
		`\t\t\t<Representation${rep}>`,
		`\t\t\t\t<BaseURL>${escapeXml(baseUrl)}</BaseURL>`,
		`\t\t\t\t<SegmentBase${attrs([['indexRange', s.indexRange]])}>`,
		`\t\t\t\t\t<Initialization${attrs([['range', s.initialization]])}/>`,
		'\t\t\t\t</SegmentBase>',
		'\t\t\t</Representation>',
	];
}

function adaptationSet(
	id: number,
	contentType: 'video' | 'audio',
	streams: readonly DashStream[],
	baseUrl: MpdInput['baseUrl'],
): string[] {
	if (streams.length === 0) return [];
	const seen = new Set<string>();
	const reps: string[] = [];
	for (const s of streams) {
		const repId = `${contentType === 'video' ? 'v' : 'a'}${s.id}`;
		if (seen.has(repId)) continue;
		seen.add(repId);
		reps.push(...representation(s, repId, baseUrl(s)));
	}
	const set = attrs([
		['id', id],
		['contentType', contentType],
		['mimeType', streams[0]?.mimeType ?? `${contentType}/mp4`],
		['segmentAlignment', 'true'],
		['subsegmentAlignment', 'true'],
		['subsegmentStartsWithSAP', 1],
	]);
	return [`\t\t<AdaptationSet${set}>`, ...reps, '\t\t</AdaptationSet>'];
}

/** The MPD document for one part. */
export function buildMpd(input: MpdInput): string {
	const mpd = attrs([
		['xmlns', 'urn:mpeg:dash:schema:mpd:2011'],
		['profiles', 'urn:mpeg:dash:profile:isoff-on-demand:2011'],
		['type', 'static'],
		['mediaPresentationDuration', isoDuration(input.durationMs)],
		['minBufferTime', 'PT1.5S'],
	]);
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<MPD${mpd}>`,
		'\t<Period id="0" start="PT0S">',
		...adaptationSet(0, 'video', input.video, input.baseUrl),
		...adaptationSet(1, 'audio', input.audio, input.baseUrl),
		'\t</Period>',
		'</MPD>',
		'',
	].join('\n');
}

/** The families a DASH answer offers. */
export function offeredFamilies(info: Extract<PlayInfo, { kind: 'dash' }>): CodecFamily[] {
	const families = info.video.map(familyOfStream).filter((f) => f !== null);
	return [...new Set(families)];
}

/** The video streams of one family, in the answer's order (best first). */
export function videoOfFamily(
	info: Extract<PlayInfo, { kind: 'dash' }>,
	family: CodecFamily,
): DashStream[] {
	return info.video.filter((s) => familyOfStream(s) === family);
}

/**
 * Audio streams a browser's MSE plays: AAC (`mp4a…`); Dolby (`ec-3`) and FLAC are left out, as
 * they are outside the `audio[]` list anyway or unsupported by common MSE builds.
 */
export function playableAudio(info: Extract<PlayInfo, { kind: 'dash' }>): DashStream[] {
	return info.audio.filter((s) => /^mp4a\./i.test(s.codecs));
}
