/**
 * The 2026 browser-fingerprint parameters `wbi/playurl` demands (docs: bilibili-upstream.md §4):
 * without all four `dm_img_*` it answers HTTP 412. Values follow the shape yt-dlp sends (from
 * Bilibili's `bili-user-fingerprint.min.js`): `dm_img_list='[]'`, base64 WebGL strings without
 * padding, and `dm_img_inter` derived from a window size and scroll offset plus small noise. One
 * "machine" per process keeps the GPU strings and window stable, as a real browser would.
 */

const WEBGL_VERSIONS = ['WebGL 1.0 (OpenGL ES 2.0 Chromium)'];
const RENDERERS = [
	'ANGLE (Intel, Intel(R) UHD Graphics 630 (0x00003E9B) Direct3D11 vs_5_0 ps_5_0, D3D11)',
	'ANGLE (NVIDIA, NVIDIA GeForce GTX 1660 SUPER (0x000021C4) Direct3D11 vs_5_0 ps_5_0, D3D11)',
	'ANGLE (AMD, AMD Radeon(TM) Graphics (0x00001638) Direct3D11 vs_5_0 ps_5_0, D3D11)',
];
const WINDOWS: readonly [number, number][] = [
	[1920, 969],
	[1536, 730],
	[1366, 657],
	[2560, 1305],
];

/** The stable part of a fingerprint. */
export interface Fingerprint {
	imgStr: string;
	coverImgStr: string;
	width: number;
	height: number;
}

function base64NoPad(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64').replace(/=+$/, '');
}

function pickOne<T>(list: readonly T[], random: () => number): T {
	return list[Math.floor(random() * list.length) % list.length] as T;
}

/** Draws one machine's fingerprint. */
export function makeFingerprint(random: () => number): Fingerprint {
	const [width, height] = pickOne(WINDOWS, random);
	return {
		imgStr: base64NoPad(pickOne(WEBGL_VERSIONS, random)),
		coverImgStr: base64NoPad(pickOne(RENDERERS, random)),
		width,
		height,
	};
}

/** The four `dm_img_*` parameters for one request. */
export function dmImgParams(fp: Fingerprint, random: () => number): Record<string, string> {
	const r = 1 + Math.floor(random() * 100);
	const r2 = 1 + Math.floor(random() * 100);
	const top = Math.floor(random() * 400);
	const left = 0;
	const inter = {
		ds: [],
		wh: [2 * fp.width + 2 * fp.height + 3 * r, 4 * fp.width - fp.height + r, r],
		of: [3 * top + 2 * left + r2, 4 * top - 4 * left + 2 * r2, r2],
	};
	return {
		dm_img_list: '[]',
		dm_img_str: fp.imgStr,
		dm_cover_img_str: fp.coverImgStr,
		dm_img_inter: JSON.stringify(inter),
	};
}
