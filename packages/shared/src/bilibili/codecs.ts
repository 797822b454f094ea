/**
 * Video codec families of Bilibili's DASH ladder (docs: bilibili-upstream.md §6): what a client
 * reports (probed with `MediaSource.isTypeSupported`) and the server's choice of one family per
 * manifest — AVC whenever it exists (every MSE browser plays it), otherwise AV1 or HEVC only when
 * the client said its MediaSource supports them.
 */

/** The families we can put in a manifest. */
export const CODEC_FAMILIES = ['avc', 'av1', 'hevc'] as const;
export type CodecFamily = (typeof CODEC_FAMILIES)[number];

const CODECID_FAMILY: Readonly<Record<number, CodecFamily>> = { 7: 'avc', 12: 'hevc', 13: 'av1' };

const PREFIX_FAMILY: readonly [RegExp, CodecFamily][] = [
	[/^(avc[13]?|h\.?264)\b/i, 'avc'],
	[/^(hev1|hvc1|hevc|h\.?265)\b/i, 'hevc'],
	[/^(av01|av1)\b/i, 'av1'],
];

/** The family of a codec string (`avc1.640032`, `hev1.1.6.L150.90`, `av01…`, or `avc`/`hevc`/`av1`). */
export function familyOfCodecs(codecs: string): CodecFamily | null {
	const trimmed = codecs.trim();
	for (const [re, family] of PREFIX_FAMILY) if (re.test(trimmed)) return family;
	return null;
}

/** The family of a DASH entry: `codecid` first (7/12/13), else its `codecs` string. */
export function familyOfStream(stream: { codecid: number; codecs: string }): CodecFamily | null {
	return CODECID_FAMILY[stream.codecid] ?? familyOfCodecs(stream.codecs);
}

/**
 * Normalises what a client reported (families or full codec strings, any order, duplicates) into
 * a sorted list of families. Unknown entries are ignored; at most 16 entries are read.
 */
export function normalizeCodecs(reported: readonly string[]): CodecFamily[] {
	const found = new Set<CodecFamily>();
	for (const entry of reported.slice(0, 16)) {
		if (typeof entry !== 'string' || entry.length > 64) continue;
		const family = familyOfCodecs(entry);
		if (family) found.add(family);
	}
	return CODEC_FAMILIES.filter((f) => found.has(f));
}

/** Picks the manifest's family: AVC if offered and supported, else AV1, else HEVC; else null. */
export function chooseFamily(
	offered: readonly CodecFamily[],
	supported: readonly CodecFamily[],
): CodecFamily | null {
	return CODEC_FAMILIES.find((f) => offered.includes(f) && supported.includes(f)) ?? null;
}

/** One representative codec string per family, for `MediaSource.isTypeSupported`. */
export const CODEC_PROBES: Readonly<Record<CodecFamily, string>> = {
	avc: 'avc1.640028',
	av1: 'av01.0.08M.08',
	hevc: 'hev1.1.6.L120.90',
};

/** The AAC profile every Bilibili DASH audio stream uses. */
export const AUDIO_PROBE = 'mp4a.40.2';

/**
 * The families a browser should report, given `MediaSource.isTypeSupported` (pass null when
 * `MediaSource` is missing). No AAC support means no native playback at all: an empty list.
 */
export function probeCodecFamilies(
	isTypeSupported: ((type: string) => boolean) | null,
): CodecFamily[] {
	if (!isTypeSupported) return [];
	const supports = (mime: string, codec: string) => {
		try {
			return isTypeSupported(`${mime}; codecs="${codec}"`);
		} catch {
			return false;
		}
	};
	if (!supports('audio/mp4', AUDIO_PROBE)) return [];
	return CODEC_FAMILIES.filter((family) => supports('video/mp4', CODEC_PROBES[family]));
}
