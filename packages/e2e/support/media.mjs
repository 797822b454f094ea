// Test media generated with ffmpeg (never downloaded, never committed): a 2-minute 640×360 H.264 +
// AAC progressive MP4 with a keyframe every second. Cached in packages/e2e/.media.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MEDIA_DIR = fileURLToPath(new URL('../.media/', import.meta.url));
export const SAMPLE_MP4 = 'sample-h264.mp4';

export function ensureMedia() {
	mkdirSync(MEDIA_DIR, { recursive: true });
	const target = `${MEDIA_DIR}${SAMPLE_MP4}`;
	if (existsSync(target)) return target;
	const partial = `${target}.partial.mp4`;
	// testsrc2 shows a moving pattern and a frame counter, useful when looking at screenshots.
	execFileSync(
		'ffmpeg',
		[
			'-hide_banner',
			'-loglevel',
			'error',
			'-y',
			'-f',
			'lavfi',
			'-i',
			'testsrc2=size=640x360:rate=30',
			'-f',
			'lavfi',
			'-i',
			'sine=frequency=440:sample_rate=48000',
			'-t',
			'120',
			'-c:v',
			'libx264',
			'-preset',
			'veryfast',
			'-tune',
			'zerolatency',
			'-pix_fmt',
			'yuv420p',
			'-profile:v',
			'main',
			'-g',
			'30',
			'-b:v',
			'400k',
			'-c:a',
			'aac',
			'-b:a',
			'64k',
			'-movflags',
			'+faststart',
			partial,
		],
		{ stdio: 'inherit' },
	);
	renameSync(partial, target);
	return target;
}
