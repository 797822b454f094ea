import { describe, expect, it } from 'vitest';
import {
	avcCodecString,
	boxesIn,
	hevcCodecString,
	mp4aCodecString,
	readSidx,
	segmentBaseRanges,
	topLevelBoxes,
} from './mp4.parse.js';

/** A box with a 32-bit size. */
function box(type: string, payload: Uint8Array | number = 0): Uint8Array {
	const body = typeof payload === 'number' ? new Uint8Array(payload) : payload;
	const out = new Uint8Array(8 + body.length);
	new DataView(out.buffer).setUint32(0, out.length);
	out.set(
		[...type].map((c) => c.charCodeAt(0)),
		4,
	);
	out.set(body, 8);
	return out;
}

/** A box with size = 1 and a 64-bit largesize. */
function largeBox(type: string, payloadLength: number): Uint8Array {
	const out = new Uint8Array(16 + payloadLength);
	const dv = new DataView(out.buffer);
	dv.setUint32(0, 1);
	out.set(
		[...type].map((c) => c.charCodeAt(0)),
		4,
	);
	dv.setBigUint64(8, BigInt(out.length));
	return out;
}

/** Overwrites the 32-bit size field. */
function withSize(b: Uint8Array, size: number): Uint8Array {
	new DataView(b.buffer, b.byteOffset).setUint32(0, size);
	return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** A version-0 sidx with the given subsegment durations. */
function sidx(timescale: number, durations: number[]): Uint8Array {
	const payload = new Uint8Array(24 + durations.length * 12);
	const dv = new DataView(payload.buffer);
	dv.setUint32(4, 1); // reference_ID
	dv.setUint32(8, timescale);
	dv.setUint16(22, durations.length);
	durations.forEach((d, i) => {
		dv.setUint32(24 + i * 12, 1000); // referenced_size
		dv.setUint32(28 + i * 12, d);
		dv.setUint32(32 + i * 12, 0x90000000); // starts_with_SAP, SAP type 1
	});
	return box('sidx', payload);
}

describe('topLevelBoxes', () => {
	it('walks 32-bit boxes end to end', () => {
		const file = concat(box('ftyp', 12), box('moov', 100), box('mdat', 5));
		expect(topLevelBoxes(file)).toEqual([
			{ type: 'ftyp', start: 0, end: 20, headerSize: 8 },
			{ type: 'moov', start: 20, end: 128, headerSize: 8 },
			{ type: 'mdat', start: 128, end: 141, headerSize: 8 },
		]);
	});

	it('reads a 64-bit largesize box', () => {
		const file = concat(box('ftyp', 4), largeBox('mdat', 40), box('free'));
		expect(topLevelBoxes(file)).toEqual([
			{ type: 'ftyp', start: 0, end: 12, headerSize: 8 },
			{ type: 'mdat', start: 12, end: 68, headerSize: 16 },
			{ type: 'free', start: 68, end: 76, headerSize: 8 },
		]);
	});

	it('treats size 0 as "to the end"', () => {
		const tail = withSize(box('mdat', 30), 0);
		expect(topLevelBoxes(concat(box('ftyp', 4), tail)).at(-1)).toEqual({
			type: 'mdat',
			start: 12,
			end: 50,
			headerSize: 8,
		});
	});

	it('works on a view into a larger buffer', () => {
		const backing = concat(new Uint8Array(7), box('ftyp', 4), box('moov', 2));
		expect(topLevelBoxes(backing.subarray(7)).map((b) => [b.type, b.start])).toEqual([
			['ftyp', 0],
			['moov', 12],
		]);
	});

	it.each([
		['a size below the header', withSize(box('ftyp', 4), 4)],
		['a box past the end', box('moov', 10).subarray(0, 12)],
		['a truncated header', concat(box('ftyp', 4), new Uint8Array(5))],
		['a truncated largesize', largeBox('mdat', 0).subarray(0, 12)],
	])('throws on %s', (_name, file) => {
		expect(() => boxesIn(file)).toThrow(RangeError);
	});
});

describe('segmentBaseRanges', () => {
	it('is ftyp..moov and the sidx, inclusive', () => {
		const file = concat(
			box('ftyp', 20),
			box('moov', 772),
			sidx(15360, [15360]),
			box('moof', 100),
			box('mdat', 50),
		);
		const r = segmentBaseRanges(file);
		expect(r.initialization).toBe('0-807');
		expect(r.indexRange).toBe(`808-${808 + 8 + 36 - 1}`);
		expect(r.init).toEqual({ start: 0, end: 807 });
	});

	it('accepts a largesize mdat after the index', () => {
		const file = concat(
			box('ftyp', 4),
			box('moov', 4),
			sidx(1000, [1000]),
			box('moof', 4),
			largeBox('mdat', 8),
		);
		expect(segmentBaseRanges(file).indexRange).toBe('24-67');
	});

	it.each([
		[
			'no sidx (plain fragmented MP4)',
			concat(box('ftyp', 4), box('moov', 4), box('moof', 4), box('mdat', 4)),
		],
		[
			'sidx after the fragments',
			concat(box('ftyp', 4), box('moov', 4), box('moof', 4), sidx(1, [1])),
		],
		['sidx before moov', concat(box('ftyp', 4), sidx(1, [1]), box('moov', 4))],
		['no moov', concat(box('ftyp', 4), sidx(1, [1]))],
	])('rejects %s', (_name, file) => {
		expect(() => segmentBaseRanges(file)).toThrow();
	});
});

describe('readSidx', () => {
	it('sums subsegment durations', () => {
		const file = concat(box('ftyp', 4), box('moov', 4), sidx(15360, [15360, 15360, 7680]));
		expect(readSidx(file)).toEqual({ timescale: 15360, durationSec: 2.5, references: 3 });
	});
});

describe('codec strings', () => {
	it.each([
		['avc1', [1, 0x64, 0x00, 0x1f, 0xff], 'avc1.64001F'],
		['avc1', [1, 0x4d, 0x40, 0x1e, 0xff], 'avc1.4D401E'],
	])('%s %j → %s', (entry, bytes, expected) => {
		expect(avcCodecString(entry, Uint8Array.from(bytes))).toBe(expected);
	});

	it.each([
		// Main profile, compat 0x60000000, constraints 0x90, level 93.
		[[1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 93], 'hev1.1.6.L93.90'],
		// Main 10, high tier, level 150, two constraint bytes.
		[[1, 0x22, 0x20, 0, 0, 0, 0xb0, 0x01, 0, 0, 0, 0, 150], 'hev1.2.4.H150.B0.1'],
		// Profile space 1 (A), no constraint bytes.
		[[1, 0x41, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 120], 'hev1.A1.6.L120'],
	])('hvcC %j → %s', (bytes, expected) => {
		expect(hevcCodecString('hev1', Uint8Array.from(bytes))).toBe(expected);
	});

	it('reads AAC-LC from an esds', () => {
		// ES_Descriptor(ES_ID 1) > DecoderConfigDescriptor(0x40 audio) > DecSpecificInfo(0x11 0x90).
		const esds = Uint8Array.from([
			0x03, 0x19, 0x00, 0x01, 0x00, 0x04, 0x11, 0x40, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05,
			0x02, 0x11, 0x90, 0x06, 0x01, 0x02,
		]);
		expect(mp4aCodecString(esds)).toBe('mp4a.40.2');
	});

	it('reads multi-byte descriptor lengths', () => {
		const esds = Uint8Array.from([
			0x03, 0x80, 0x80, 0x80, 0x22, 0x00, 0x02, 0x00, 0x04, 0x80, 0x80, 0x80, 0x14, 0x40, 0x15, 0,
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x80, 0x80, 0x80, 0x02, 0x28, 0x00,
		]);
		expect(mp4aCodecString(esds)).toBe('mp4a.40.5');
	});
});
