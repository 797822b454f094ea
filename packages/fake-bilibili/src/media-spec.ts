/**
 * What the fixture media is: one source clip encoded as Bilibili-style DASH streams (one
 * on-demand fMP4 per stream) plus a progressive MP4 for the `durl` shape. Pure data plus the
 * ffmpeg argument lists; media.ts runs them.
 */

/** Length of every fixture stream and of every fake video part, in seconds. */
export const MEDIA_DURATION_SEC = 10;
/** Frame rate of the video streams; a keyframe (and a fragment) every second. */
export const MEDIA_FPS = 30;
/** Bump when the specs change, so cached files in `.media/` are regenerated. */
export const MEDIA_VERSION = 'v1';

/** A DASH video stream: `qn` is the quality tier (§8), `streamId` the number in the CDN path. */
export interface VideoSpec {
	kind: 'video';
	file: string;
	streamId: number;
	qn: number;
	codecid: 7 | 12;
	width: number;
	height: number;
	bitrateK: number;
}

/** A DASH audio stream; its `streamId` is also its `id` in the JSON (30280 = 192K, 30232 = 132K). */
export interface AudioSpec {
	kind: 'audio';
	file: string;
	streamId: number;
	bitrateK: number;
}

/** The progressive H.264 + AAC MP4 served for `durl` answers. */
export interface ProgressiveSpec {
	kind: 'progressive';
	file: string;
	streamId: number;
	qn: number;
	width: number;
	height: number;
}

/** Any fixture file. */
export type StreamSpec = VideoSpec | AudioSpec | ProgressiveSpec;

/** Video streams, best first (the order Bilibili lists them: quality desc, AVC before HEVC). */
export const VIDEO_SPECS: readonly VideoSpec[] = [
	{
		kind: 'video',
		file: 'avc-720.m4s',
		streamId: 30064,
		qn: 64,
		codecid: 7,
		width: 1280,
		height: 720,
		bitrateK: 500,
	},
	{
		kind: 'video',
		file: 'hevc-720.m4s',
		streamId: 30066,
		qn: 64,
		codecid: 12,
		width: 1280,
		height: 720,
		bitrateK: 350,
	},
	{
		kind: 'video',
		file: 'avc-480.m4s',
		streamId: 30032,
		qn: 32,
		codecid: 7,
		width: 852,
		height: 480,
		bitrateK: 250,
	},
	{
		kind: 'video',
		file: 'hevc-480.m4s',
		streamId: 30033,
		qn: 32,
		codecid: 12,
		width: 852,
		height: 480,
		bitrateK: 180,
	},
];

/** Audio streams, best first. */
export const AUDIO_SPECS: readonly AudioSpec[] = [
	{ kind: 'audio', file: 'aac-192k.m4s', streamId: 30280, bitrateK: 192 },
	{ kind: 'audio', file: 'aac-132k.m4s', streamId: 30232, bitrateK: 128 },
];

/** The progressive file (html5 `durl`); 360P, as Bilibili serves to html5 clients. */
export const PROGRESSIVE_SPEC: ProgressiveSpec = {
	kind: 'progressive',
	file: 'progressive-360.mp4',
	streamId: 16,
	qn: 16,
	width: 640,
	height: 360,
};

/** Every fixture file. */
export const ALL_SPECS: readonly StreamSpec[] = [...VIDEO_SPECS, ...AUDIO_SPECS, PROGRESSIVE_SPEC];

/** Codec string claimed for HEVC streams when ffmpeg lacks libx265 and AVC bytes stand in. */
export const FALLBACK_HEVC_CODECS = 'hev1.1.6.L93.90';

// On-demand profile: one moof per keyframe (video) or per second (audio), a single sidx after moov.
const ON_DEMAND_FLAGS = '+frag_keyframe+empty_moov+default_base_moof+global_sidx';
const QUIET = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

function videoSource(width: number, height: number): string[] {
	return ['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${MEDIA_FPS}`];
}
const AUDIO_SOURCE = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:beep_factor=4'];
const LENGTH = ['-t', String(MEDIA_DURATION_SEC)];
const GOP = String(MEDIA_FPS);

function x264(bitrateK: number, profile: string, level: string): string[] {
	return [
		...['-c:v', 'libx264', '-preset', 'superfast', '-profile:v', profile, '-level', level],
		...['-pix_fmt', 'yuv420p', '-bf', '0', '-g', GOP, '-keyint_min', GOP, '-sc_threshold', '0'],
		...['-b:v', `${bitrateK}k`, '-maxrate', `${bitrateK}k`, '-bufsize', `${bitrateK * 2}k`],
	];
}

function x265(bitrateK: number): string[] {
	const params = `keyint=${GOP}:min-keyint=${GOP}:scenecut=0:open-gop=0:bframes=0:log-level=error`;
	return [
		...['-c:v', 'libx265', '-preset', 'ultrafast', '-tag:v', 'hev1', '-pix_fmt', 'yuv420p'],
		...['-x265-params', params, '-b:v', `${bitrateK}k`],
	];
}

/**
 * ffmpeg arguments that write `spec` to `out`. `hevc` false means libx265 is missing: HEVC specs
 * are then encoded with x264 (the caller labels them HEVC anyway and says so).
 */
export function ffmpegArgs(spec: StreamSpec, out: string, hevc: boolean): string[] {
	switch (spec.kind) {
		case 'video': {
			const codec =
				spec.codecid === 12 && hevc ? x265(spec.bitrateK) : x264(spec.bitrateK, 'high', '3.1');
			return [
				...QUIET,
				...videoSource(spec.width, spec.height),
				...LENGTH,
				...codec,
				...['-an', '-movflags', ON_DEMAND_FLAGS, '-f', 'mp4', out],
			];
		}
		case 'audio':
			return [
				...QUIET,
				...AUDIO_SOURCE,
				...LENGTH,
				...['-ac', '2', '-c:a', 'aac', '-b:a', `${spec.bitrateK}k`, '-frag_duration', '1000000'],
				...['-movflags', ON_DEMAND_FLAGS.replace('+frag_keyframe', ''), '-f', 'mp4', out],
			];
		case 'progressive':
			return [
				...QUIET,
				...videoSource(spec.width, spec.height),
				...AUDIO_SOURCE,
				...LENGTH,
				...x264(300, 'main', '3.0'),
				...['-ac', '2', '-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart', '-f', 'mp4', out],
			];
	}
}
