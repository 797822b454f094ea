/**
 * Fixture media: generated with the system ffmpeg on first use (never downloaded, never
 * committed), cached in `packages/fake-bilibili/.media/<version>/`, then described by walking the
 * files' boxes — so every range, codec string, size and duration in the playurl JSON is derived
 * from the bytes the fake CDN serves.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
	ALL_SPECS,
	AUDIO_SPECS,
	FALLBACK_HEVC_CODECS,
	MEDIA_FPS,
	MEDIA_VERSION,
	PROGRESSIVE_SPEC,
	VIDEO_SPECS,
	ffmpegArgs,
	type StreamSpec,
} from './media-spec.js';
import {
	readMovieDuration,
	readSidx,
	readTrackInfo,
	segmentBaseRanges,
	type SegmentBaseRanges,
} from './mp4.parse.js';

export { segmentBaseRanges, topLevelBoxes } from './mp4.parse.js';

const run = promisify(execFile);

/** Cache directory: `FAKE_BILIBILI_MEDIA_DIR`, else `packages/fake-bilibili/.media/<version>/`. */
export const DEFAULT_MEDIA_DIR =
	process.env.FAKE_BILIBILI_MEDIA_DIR ||
	fileURLToPath(new URL(`../.media/${MEDIA_VERSION}/`, import.meta.url));

/** One DASH stream as the fake describes it in `dash.video[]` / `dash.audio[]`. */
export interface DashStream {
	kind: 'video' | 'audio';
	/** Number in the CDN path (`<cid>_nb2-1-<streamId>.m4s`). */
	streamId: number;
	/** JSON `id`: the qn for video, the stream id for audio. */
	id: number;
	codecid: number;
	codecs: string;
	mimeType: 'video/mp4' | 'audio/mp4';
	width: number;
	height: number;
	frameRate: string;
	/** Average bits per second over the file. */
	bandwidth: number;
	size: number;
	durationSec: number;
	ranges: SegmentBaseRanges;
	path: string;
}

/** The progressive MP4 used for `durl`. */
export interface ProgressiveStream {
	streamId: number;
	qn: number;
	size: number;
	durationSec: number;
	width: number;
	height: number;
	path: string;
}

/** Everything the fake serves and describes. */
export interface MediaCatalog {
	dir: string;
	video: DashStream[];
	audio: DashStream[];
	progressive: ProgressiveStream;
	/** False when ffmpeg had no libx265: the "HEVC" streams are AVC bytes with HEVC labels. */
	realHevc: boolean;
	/** Every servable file by CDN stream id. */
	byStreamId: ReadonlyMap<number, { path: string; size: number }>;
}

async function exists(path: string): Promise<boolean> {
	return stat(path).then(
		() => true,
		() => false,
	);
}

let x265Probe: Promise<boolean> | undefined;

/** Whether the installed ffmpeg can encode HEVC (libx265). */
export function hasLibx265(): Promise<boolean> {
	x265Probe ??= run('ffmpeg', ['-hide_banner', '-encoders']).then(
		({ stdout }) => /\blibx265\b/.test(stdout),
		() => false,
	);
	return x265Probe;
}

async function generate(spec: StreamSpec, dir: string, hevc: boolean): Promise<void> {
	const target = join(dir, spec.file);
	// Unique partial name + rename: concurrent generators (parallel test workers) never see half files.
	const partial = `${target}.${process.pid}.${Date.now()}.partial`;
	if (spec.kind === 'video' && spec.codecid === 12 && !hevc) {
		const avc = VIDEO_SPECS.find((v) => v.codecid === 7 && v.qn === spec.qn);
		if (avc) {
			await generate(avc, dir, hevc);
			await copyFile(join(dir, avc.file), partial);
			await rename(partial, target);
			return;
		}
	}
	await run('ffmpeg', ffmpegArgs(spec, partial, hevc));
	await rename(partial, target);
}

/** Result of {@link ensureMedia}. */
export interface EnsureResult {
	dir: string;
	generated: string[];
	elapsedMs: number;
	realHevc: boolean;
}

/** Generates every missing fixture file in `dir` (two ffmpeg processes at a time). */
export async function ensureMedia(
	dir = DEFAULT_MEDIA_DIR,
	{ force = false } = {},
): Promise<EnsureResult> {
	const started = performance.now();
	await mkdir(dir, { recursive: true });
	const hevc = await hasLibx265();
	const missing: StreamSpec[] = [];
	for (const spec of ALL_SPECS) {
		if (force || !(await exists(join(dir, spec.file)))) missing.push(spec);
	}
	// HEVC stand-ins copy their AVC sibling, so generate AVC first.
	const queue = [...missing].sort((a, b) => Number(isHevc(a)) - Number(isHevc(b)));
	const worker = async (): Promise<void> => {
		for (let spec = queue.shift(); spec; spec = queue.shift()) await generate(spec, dir, hevc);
	};
	await Promise.all([worker(), worker()]);
	return {
		dir,
		generated: missing.map((s) => s.file),
		elapsedMs: Math.round(performance.now() - started),
		realHevc: hevc,
	};
}

function isHevc(spec: StreamSpec): boolean {
	return spec.kind === 'video' && spec.codecid === 12;
}

async function describeDash(
	dir: string,
	spec: StreamSpec & { kind: 'video' | 'audio' },
	realHevc: boolean,
): Promise<DashStream> {
	const path = join(dir, spec.file);
	const buf = await readFile(path);
	const track = readTrackInfo(buf);
	const { durationSec } = readSidx(buf);
	const video = spec.kind === 'video';
	const fakeHevc = video && spec.codecid === 12 && !realHevc;
	return {
		kind: spec.kind,
		streamId: spec.streamId,
		id: video ? spec.qn : spec.streamId,
		codecid: video ? spec.codecid : 0,
		codecs: fakeHevc ? FALLBACK_HEVC_CODECS : track.codecs,
		mimeType: video ? 'video/mp4' : 'audio/mp4',
		width: track.width,
		height: track.height,
		frameRate: video ? MEDIA_FPS.toFixed(3) : '',
		bandwidth: Math.round((buf.byteLength * 8) / durationSec),
		size: buf.byteLength,
		durationSec,
		ranges: segmentBaseRanges(buf),
		path,
	};
}

/** Ensures the files exist, then describes them. Reads each file once (they are small). */
export async function loadMedia(dir = DEFAULT_MEDIA_DIR): Promise<MediaCatalog> {
	const { realHevc } = await ensureMedia(dir);
	const video = await Promise.all(VIDEO_SPECS.map((s) => describeDash(dir, s, realHevc)));
	const audio = await Promise.all(AUDIO_SPECS.map((s) => describeDash(dir, s, realHevc)));
	const progressivePath = join(dir, PROGRESSIVE_SPEC.file);
	const buf = await readFile(progressivePath);
	const progressive: ProgressiveStream = {
		streamId: PROGRESSIVE_SPEC.streamId,
		qn: PROGRESSIVE_SPEC.qn,
		size: buf.byteLength,
		durationSec: readMovieDuration(buf),
		width: PROGRESSIVE_SPEC.width,
		height: PROGRESSIVE_SPEC.height,
		path: progressivePath,
	};
	const byStreamId = new Map<number, { path: string; size: number }>();
	for (const s of [...video, ...audio, progressive]) byStreamId.set(s.streamId, s);
	return { dir, video, audio, progressive, realHevc, byStreamId };
}
