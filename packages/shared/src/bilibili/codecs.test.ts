import { describe, expect, it } from 'vitest';
import {
	chooseFamily,
	familyOfCodecs,
	familyOfStream,
	normalizeCodecs,
	probeCodecFamilies,
} from './codecs.js';

describe('codec families', () => {
	it.each([
		['avc1.640032', 'avc'],
		['avc3.64001F', 'avc'],
		['AVC', 'avc'],
		['h264', 'avc'],
		['hev1.1.6.L150.90', 'hevc'],
		['hvc1.1.6.L93.B0', 'hevc'],
		['hevc', 'hevc'],
		['av01.0.13M.08.0.110.01.01.01.0', 'av1'],
		['av1', 'av1'],
		['mp4a.40.2', null],
		['vp09.00.10.08', null],
		['avc1x', null],
	])('familyOfCodecs(%s) = %s', (codecs, family) => {
		expect(familyOfCodecs(codecs)).toBe(family);
	});

	it('prefers codecid over the codec string', () => {
		expect(familyOfStream({ codecid: 12, codecs: 'avc1.640028' })).toBe('hevc');
		expect(familyOfStream({ codecid: 0, codecs: 'av01.0.08M.08' })).toBe('av1');
	});

	it('normalises a client report: families or strings, sorted, unique, unknowns ignored', () => {
		expect(
			normalizeCodecs(['hev1.1.6.L93.90', 'avc', 'avc1.64001F', 'vp9', 'x'.repeat(100)]),
		).toEqual(['avc', 'hevc']);
		expect(normalizeCodecs([])).toEqual([]);
	});

	it('chooses AVC when offered, else AV1, else HEVC — only if supported', () => {
		expect(chooseFamily(['avc', 'hevc'], ['hevc', 'avc'])).toBe('avc');
		expect(chooseFamily(['hevc', 'av1'], ['avc', 'hevc', 'av1'])).toBe('av1');
		expect(chooseFamily(['hevc'], ['avc'])).toBeNull();
		expect(chooseFamily(['avc'], [])).toBeNull();
	});

	it('probes a MediaSource: AAC is required, then one probe per family', () => {
		const chromium = (type: string) => !type.includes('hev1');
		expect(probeCodecFamilies(chromium)).toEqual(['avc', 'av1']);
		expect(probeCodecFamilies((type) => !type.startsWith('audio'))).toEqual([]);
		expect(probeCodecFamilies(null)).toEqual([]);
		expect(
			probeCodecFamilies(() => {
				throw new Error('no');
			}),
		).toEqual([]);
	});
});
