import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ALL_SPECS, MEDIA_DURATION_SEC, ffmpegArgs } from './media-spec.js';
import { hasLibx265, segmentBaseRanges, topLevelBoxes } from './media.js';
import { readTrackInfo } from './mp4.parse.js';
import { testMedia } from './test/harness.js';

const media = await testMedia();
const dash = [...media.video, ...media.audio];

describe('generated DASH files (walked, not trusted)', () => {
	it.each(dash.map((s) => [s.streamId, s] as const))(
		'%s is ftyp, moov, sidx, moof/mdat pairs (+ mfra)',
		async (_id, s) => {
			const buf = await readFile(s.path);
			const types = topLevelBoxes(buf).map((b) => b.type);
			expect(types.slice(0, 3)).toEqual(['ftyp', 'moov', 'sidx']);
			const fragments = types.slice(3).filter((t) => t !== 'mfra');
			expect([-1, types.length - 1]).toContain(types.indexOf('mfra'));
			expect(fragments.every((t, i) => t === (i % 2 === 0 ? 'moof' : 'mdat'))).toBe(true);
			// ~1 s fragments: 10 moof + 10 mdat (audio may carry one priming remainder).
			expect(types.length).toBeGreaterThanOrEqual(3 + 2 * MEDIA_DURATION_SEC);
		},
	);

	it.each(dash.map((s) => [s.streamId, s] as const))(
		'%s: catalogue ranges = walked ranges',
		async (_id, s) => {
			const buf = await readFile(s.path);
			expect(s.ranges).toEqual(segmentBaseRanges(buf));
			const [, moov, sidx] = topLevelBoxes(buf);
			expect(s.ranges.init).toEqual({ start: 0, end: (moov?.end ?? 0) - 1 });
			expect(s.ranges.index).toEqual({ start: sidx?.start, end: (sidx?.end ?? 0) - 1 });
			expect(s.size).toBe(buf.byteLength);
		},
	);

	it('describes AVC, HEVC and AAC streams from their sample entries', () => {
		const avc = media.video.filter((v) => v.codecid === 7);
		const hevc = media.video.filter((v) => v.codecid === 12);
		expect(avc.map((v) => v.codecs)).toEqual(['avc1.64001F', 'avc1.64001F']);
		for (const v of hevc) expect(v.codecs).toMatch(/^hev1\.1\.6\.L\d+\.90$/);
		expect(media.audio.map((a) => [a.id, a.codecs])).toEqual([
			[30280, 'mp4a.40.2'],
			[30232, 'mp4a.40.2'],
		]);
		expect(media.video.map((v) => [v.id, v.width, v.height])).toEqual([
			[64, 1280, 720],
			[64, 1280, 720],
			[32, 852, 480],
			[32, 852, 480],
		]);
	});

	it('uses real HEVC bytes exactly when ffmpeg has libx265', async () => {
		expect(media.realHevc).toBe(await hasLibx265());
		const hevcFile = await readFile(media.video[1]?.path ?? '');
		expect(readTrackInfo(hevcFile).sampleEntry).toBe(media.realHevc ? 'hev1' : 'avc1');
	});

	it('has ~10 s streams and bandwidths in bits/s', () => {
		for (const s of dash) {
			expect(s.durationSec).toBeGreaterThan(MEDIA_DURATION_SEC - 0.1);
			expect(s.durationSec).toBeLessThan(MEDIA_DURATION_SEC + 0.1);
			expect(s.bandwidth).toBe(Math.round((s.size * 8) / s.durationSec));
		}
		const [a192, a132] = media.audio;
		expect(a192?.bandwidth).toBeGreaterThan(a132?.bandwidth ?? Infinity);
	});
});

describe('generated progressive MP4', () => {
	it('is faststart (moov before mdat), H.264 first, ~10 s', async () => {
		const buf = await readFile(media.progressive.path);
		const types = topLevelBoxes(buf).map((b) => b.type);
		expect(types.indexOf('moov')).toBeLessThan(types.indexOf('mdat'));
		expect(readTrackInfo(buf).codecs).toMatch(/^avc1\./);
		expect(media.progressive.durationSec).toBeCloseTo(MEDIA_DURATION_SEC, 0);
		expect(media.progressive.size).toBe(buf.byteLength);
	});
});

describe('ffmpegArgs', () => {
	it.each(ALL_SPECS.map((s) => [s.file, s] as const))(
		'%s: never reads the network, quiet',
		(_f, spec) => {
			const args = ffmpegArgs(spec, '/tmp/out', true);
			expect(args).toContain('lavfi');
			expect(args.join(' ')).not.toMatch(/https?:/);
			expect(args.at(-1)).toBe('/tmp/out');
		},
	);

	it('falls back to x264 for HEVC specs without libx265', () => {
		const hevc = ALL_SPECS.find((s) => s.kind === 'video' && s.codecid === 12);
		if (!hevc) throw new Error('no hevc spec');
		expect(ffmpegArgs(hevc, 'x', false)).toContain('libx264');
		expect(ffmpegArgs(hevc, 'x', true)).toContain('libx265');
	});
});
