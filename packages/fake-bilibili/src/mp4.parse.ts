/**
 * ISO-BMFF (MP4) box walking, pure: no I/O, only a byte array in and numbers out. Used to derive
 * the DASH `SegmentBase` ranges, codec strings and durations from the generated fixture files, so
 * the playurl JSON always agrees with the bytes the fake CDN serves.
 */

/** One box: `start` is the offset of its size field, `end` is exclusive. */
export interface Mp4Box {
	type: string;
	start: number;
	end: number;
	/** 8, or 16 for a 64-bit `largesize` box. */
	headerSize: number;
}

/** An inclusive byte range, as DASH writes it (`"0-1159"`). */
export interface ByteRange {
	start: number;
	end: number;
}

function view(buf: Uint8Array): DataView {
	return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

function fourcc(buf: Uint8Array, at: number): string {
	return String.fromCharCode(buf[at] ?? 0, buf[at + 1] ?? 0, buf[at + 2] ?? 0, buf[at + 3] ?? 0);
}

/**
 * The boxes laid end to end in `buf[from, to)`. Handles `size == 1` (64-bit `largesize`) and
 * `size == 0` (box runs to `to`). Throws on a size smaller than its header or past `to`.
 */
export function boxesIn(buf: Uint8Array, from = 0, to = buf.byteLength): Mp4Box[] {
	const dv = view(buf);
	const boxes: Mp4Box[] = [];
	let at = from;
	while (at < to) {
		if (to - at < 8) throw new RangeError(`truncated box header at ${at}`);
		let size = dv.getUint32(at);
		const type = fourcc(buf, at + 4);
		let headerSize = 8;
		if (size === 1) {
			if (to - at < 16) throw new RangeError(`truncated largesize at ${at}`);
			size = Number(dv.getBigUint64(at + 8));
			headerSize = 16;
		} else if (size === 0) {
			size = to - at;
		}
		if (size < headerSize || at + size > to) {
			throw new RangeError(`bad size ${size} for '${type}' at ${at}`);
		}
		boxes.push({ type, start: at, end: at + size, headerSize });
		at += size;
	}
	return boxes;
}

/** The top-level boxes of a whole file. */
export function topLevelBoxes(buf: Uint8Array): Mp4Box[] {
	return boxesIn(buf);
}

/** The children of a container box (`moov`, `trak`, …). */
export function childBoxes(buf: Uint8Array, parent: Mp4Box, skip = 0): Mp4Box[] {
	return boxesIn(buf, parent.start + parent.headerSize + skip, parent.end);
}

/** Follows a path of container types (`['moov', 'trak', 'mdia']`) and returns the last box. */
export function findBox(buf: Uint8Array, path: readonly string[], within?: Mp4Box): Mp4Box | null {
	let current = within;
	for (const type of path) {
		const list = current ? childBoxes(buf, current) : topLevelBoxes(buf);
		const next = list.find((b) => b.type === type);
		if (!next) return null;
		current = next;
	}
	return current ?? null;
}

/** `SegmentBase` ranges of an on-demand fMP4 and their DASH strings. */
export interface SegmentBaseRanges {
	init: ByteRange;
	index: ByteRange;
	/** `SegmentBase.Initialization`, e.g. `"0-797"`. */
	initialization: string;
	/** `SegmentBase.indexRange`, e.g. `"798-957"`. */
	indexRange: string;
}

/**
 * Initialization = start of `ftyp` to end of `moov`; indexRange = start to end of the `sidx` that
 * follows. Throws when the file is not an on-demand fMP4 laid out that way.
 */
export function segmentBaseRanges(buf: Uint8Array): SegmentBaseRanges {
	const boxes = topLevelBoxes(buf);
	const ftyp = boxes.findIndex((b) => b.type === 'ftyp');
	const moov = boxes.findIndex((b) => b.type === 'moov');
	const sidx = boxes.findIndex((b) => b.type === 'sidx');
	const firstMoof = boxes.findIndex((b) => b.type === 'moof');
	if (ftyp < 0 || moov < ftyp) throw new Error('no ftyp followed by moov');
	if (sidx < moov) throw new Error('no sidx after moov (not an on-demand fMP4)');
	if (firstMoof >= 0 && firstMoof < sidx) throw new Error('sidx must precede the fragments');
	const init = { start: (boxes[ftyp] as Mp4Box).start, end: (boxes[moov] as Mp4Box).end - 1 };
	const index = { start: (boxes[sidx] as Mp4Box).start, end: (boxes[sidx] as Mp4Box).end - 1 };
	return {
		init,
		index,
		initialization: `${init.start}-${init.end}`,
		indexRange: `${index.start}-${index.end}`,
	};
}

/** What a `sidx` box says about the file: total duration and the number of fragments. */
export interface SidxSummary {
	timescale: number;
	durationSec: number;
	references: number;
}

/** Reads the first top-level `sidx` (versions 0 and 1). */
export function readSidx(buf: Uint8Array): SidxSummary {
	const sidx = topLevelBoxes(buf).find((b) => b.type === 'sidx');
	if (!sidx) throw new Error('no sidx');
	const dv = view(buf);
	let at = sidx.start + sidx.headerSize;
	const version = buf[at] ?? 0;
	at += 8; // version + flags, reference_ID
	const timescale = dv.getUint32(at);
	at += 4 + (version === 0 ? 8 : 16) + 2; // earliest_presentation_time, first_offset, reserved
	const count = dv.getUint16(at);
	at += 2;
	let total = 0;
	for (let i = 0; i < count; i += 1) total += dv.getUint32(at + i * 12 + 4);
	return { timescale, durationSec: total / timescale, references: count };
}

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

function reverseBits32(n: number): number {
	let out = 0;
	for (let i = 0; i < 32; i += 1) if (n & (1 << i)) out |= 1 << (31 - i);
	return out >>> 0;
}

/** RFC 6381 string of an `avcC` payload, e.g. `avc1.64001F`. */
export function avcCodecString(entry: string, avcC: Uint8Array): string {
	return `${entry}.${hex2(avcC[1] ?? 0)}${hex2(avcC[2] ?? 0)}${hex2(avcC[3] ?? 0)}`;
}

/** ISO/IEC 14496-15 Annex E string of an `hvcC` payload, e.g. `hev1.1.6.L93.90`. */
export function hevcCodecString(entry: string, hvcC: Uint8Array): string {
	const dv = view(hvcC);
	const b1 = hvcC[1] ?? 0;
	const space = ['', 'A', 'B', 'C'][b1 >> 6] ?? '';
	const tier = b1 & 0x20 ? 'H' : 'L';
	const compat = reverseBits32(dv.getUint32(2)).toString(16).toUpperCase();
	const constraints = [...hvcC.subarray(6, 12)];
	while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
	const tail = constraints.map((b) => b.toString(16).toUpperCase()).join('.');
	const base = `${entry}.${space}${b1 & 0x1f}.${compat}.${tier}${hvcC[12] ?? 0}`;
	return tail ? `${base}.${tail}` : base;
}

/** Reads an MPEG-4 descriptor length (1–4 bytes, 7 bits each). */
function descriptorLength(buf: Uint8Array, at: number): { length: number; next: number } {
	let length = 0;
	let next = at;
	for (let i = 0; i < 4; i += 1) {
		const b = buf[next] ?? 0;
		next += 1;
		length = (length << 7) | (b & 0x7f);
		if (!(b & 0x80)) break;
	}
	return { length, next };
}

/** RFC 6381 string of an `esds` payload (after version/flags), e.g. `mp4a.40.2`. */
export function mp4aCodecString(esds: Uint8Array): string {
	let at = 0;
	if (esds[at] !== 0x03) throw new Error('esds: no ES_Descriptor');
	at = descriptorLength(esds, at + 1).next;
	const flags = esds[at + 2] ?? 0;
	at += 3;
	if (flags & 0x80) at += 2; // dependsOn_ES_ID
	if (flags & 0x40) at += 1 + (esds[at] ?? 0); // URL
	if (flags & 0x20) at += 2; // OCR_ES_Id
	if (esds[at] !== 0x04) throw new Error('esds: no DecoderConfigDescriptor');
	at = descriptorLength(esds, at + 1).next;
	const objectType = esds[at] ?? 0;
	at += 13;
	if (esds[at] !== 0x05) return `mp4a.${hex2(objectType).toLowerCase()}`;
	at = descriptorLength(esds, at + 1).next;
	const audioObjectType = (esds[at] ?? 0) >> 3;
	return `mp4a.${objectType.toString(16)}.${audioObjectType}`;
}

/** The first track of a file, as the DASH JSON describes it. */
export interface TrackInfo {
	handler: 'vide' | 'soun' | string;
	sampleEntry: string;
	codecs: string;
	/** Display size from `tkhd` (0 for audio). */
	width: number;
	height: number;
}

const VISUAL_SAMPLE_ENTRY_SIZE = 78;
const AUDIO_SAMPLE_ENTRY_SIZE = 28;

function sampleEntryCodecs(buf: Uint8Array, entry: Mp4Box): string {
	const payload = (box: Mp4Box, skip = 0): Uint8Array =>
		buf.subarray(box.start + box.headerSize + skip, box.end);
	if (entry.type === 'mp4a') {
		const esds = childBoxes(buf, entry, AUDIO_SAMPLE_ENTRY_SIZE).find((b) => b.type === 'esds');
		if (!esds) throw new Error('mp4a without esds');
		return mp4aCodecString(payload(esds, 4));
	}
	const children = childBoxes(buf, entry, VISUAL_SAMPLE_ENTRY_SIZE);
	const avcC = children.find((b) => b.type === 'avcC');
	if (avcC) return avcCodecString(entry.type, payload(avcC));
	const hvcC = children.find((b) => b.type === 'hvcC');
	if (hvcC) return hevcCodecString(entry.type, payload(hvcC));
	throw new Error(`unsupported sample entry '${entry.type}'`);
}

/** Describes the first `trak` of a file: handler, sample entry, codec string and display size. */
export function readTrackInfo(buf: Uint8Array): TrackInfo {
	const trak = findBox(buf, ['moov', 'trak']);
	const tkhd = trak && findBox(buf, ['tkhd'], trak);
	const hdlr = trak && findBox(buf, ['mdia', 'hdlr'], trak);
	const stsd = trak && findBox(buf, ['mdia', 'minf', 'stbl', 'stsd'], trak);
	if (!tkhd || !hdlr || !stsd) throw new Error('moov/trak incomplete');
	const entry = childBoxes(buf, stsd, 8)[0];
	if (!entry) throw new Error('empty stsd');
	const dv = view(buf);
	// tkhd ends with width and height as 16.16 fixed point.
	return {
		handler: fourcc(buf, hdlr.start + hdlr.headerSize + 8),
		sampleEntry: entry.type,
		codecs: sampleEntryCodecs(buf, entry),
		width: dv.getUint32(tkhd.end - 8) >>> 16,
		height: dv.getUint32(tkhd.end - 4) >>> 16,
	};
}

/** Presentation duration in seconds from `moov/mvhd` (for a progressive, non-fragmented MP4). */
export function readMovieDuration(buf: Uint8Array): number {
	const mvhd = findBox(buf, ['moov', 'mvhd']);
	if (!mvhd) throw new Error('no mvhd');
	const dv = view(buf);
	const at = mvhd.start + mvhd.headerSize;
	if (buf[at] === 1) return Number(dv.getBigUint64(at + 24)) / dv.getUint32(at + 20);
	return dv.getUint32(at + 16) / dv.getUint32(at + 12);
}
