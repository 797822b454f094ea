/**
 * Pure parser of playurl answers (UGC `x/player/wbi/playurl` → `data`, PGC
 * `pgc/player/web/playurl` → `result`): the DASH shape of §6 with its camelCase/snake_case
 * aliases, or the progressive `durl` shape of §7. Entries without usable URLs or byte ranges are
 * dropped; a success without any stream is a failure.
 */
import { envelope, failure, type Parsed, type UpstreamAnswer } from './bilibili.parse.js';
import { arr, int, isRecord, num, pick, str, type Json } from './json.parse.js';
import { BilibiliReason } from '@videotogether/shared';

/** One DASH stream (a single on-demand fMP4 file). */
export interface DashStream {
	kind: 'video' | 'audio';
	/** Video: the qn (64 = 720P…); audio: 30216/30232/30280…. */
	id: number;
	/** 7 AVC, 12 HEVC, 13 AV1; 0 for audio. */
	codecid: number;
	codecs: string;
	mimeType: string;
	/** Bits per second. */
	bandwidth: number;
	width: number | null;
	height: number | null;
	/** As sent (`"30.303"`); the MPD builder turns it into a fraction. */
	frameRate: string | null;
	sar: string | null;
	startWithSap: number;
	/** Byte range `a-b` of `ftyp`+`moov`. */
	initialization: string;
	/** Byte range `a-b` of the `sidx`. */
	indexRange: string;
	/** `baseUrl` then every `backupUrl`, de-duplicated; http(s) only. */
	urls: string[];
}

/** A parsed playurl answer: DASH streams or one progressive MP4. */
export type PlayInfo =
	| {
			kind: 'dash';
			durationMs: number;
			minBufferSec: number;
			video: DashStream[];
			audio: DashStream[];
	  }
	| { kind: 'durl'; durationMs: number; size: number | null; urls: string[] };

const RANGE_RE = /^(\d{1,15})-(\d{1,15})$/;

/** True for an `a-b` byte range with a ≤ b. */
export function isByteRange(value: string): boolean {
	const m = RANGE_RE.exec(value);
	return m !== null && Number(m[1]) <= Number(m[2]);
}

function httpUrl(value: unknown): string | null {
	if (typeof value !== 'string' || value.length > 4096) return null;
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
	} catch {
		return null;
	}
}

/** Primary URL first, then backups; invalid and duplicate entries dropped. */
function urlList(primary: unknown, backups: unknown): string[] {
	const all = [primary, ...(arr(backups) ?? [])].map(httpUrl).filter((u) => u !== null);
	return [...new Set(all)];
}

function positive(value: unknown): number | null {
	const n = int(value);
	return n !== null && n > 0 ? n : null;
}

function parseStream(raw: unknown, kind: DashStream['kind']): DashStream | null {
	if (!isRecord(raw)) return null;
	const id = int(raw.id);
	const bandwidth = positive(raw.bandwidth);
	const codecs = str(raw.codecs);
	const sb = pick(raw, 'SegmentBase', 'segment_base');
	const initialization = isRecord(sb) ? str(pick(sb, 'Initialization', 'initialization')) : null;
	const indexRange = isRecord(sb) ? str(pick(sb, 'indexRange', 'index_range')) : null;
	const urls = urlList(pick(raw, 'baseUrl', 'base_url'), pick(raw, 'backupUrl', 'backup_url'));
	if (id === null || bandwidth === null || !codecs || urls.length === 0) return null;
	if (!initialization || !indexRange || !isByteRange(initialization) || !isByteRange(indexRange)) {
		return null;
	}
	const frameRate = str(pick(raw, 'frameRate', 'frame_rate'));
	const sar = str(raw.sar);
	return {
		kind,
		id,
		codecid: int(raw.codecid) ?? 0,
		codecs,
		mimeType: str(pick(raw, 'mimeType', 'mime_type')) ?? `${kind}/mp4`,
		bandwidth,
		width: kind === 'video' ? positive(raw.width) : null,
		height: kind === 'video' ? positive(raw.height) : null,
		frameRate: frameRate && frameRate.length > 0 ? frameRate : null,
		sar: sar && sar.length > 0 ? sar : null,
		startWithSap: int(pick(raw, 'startWithSap', 'start_with_sap')) ?? 1,
		initialization,
		indexRange,
		urls,
	};
}

function durationMsOf(data: Json, dashSec: number | null): number {
	const timelength = positive(data.timelength);
	if (timelength !== null) return timelength;
	return Math.max(0, Math.round((dashSec ?? 0) * 1000));
}

function parseDash(data: Json, dash: Json): Parsed<PlayInfo> {
	const video = (arr(dash.video) ?? []).map((v) => parseStream(v, 'video'));
	const audio = (arr(dash.audio) ?? []).map((a) => parseStream(a, 'audio'));
	const goodVideo = video.filter((v) => v !== null);
	if (goodVideo.length === 0) {
		// An empty ladder means no tier is open to us; malformed entries mean a broken answer.
		return video.length === 0
			? failure(BilibiliReason.PREMIUM_ONLY, 'dash without video tiers')
			: failure(BilibiliReason.UPSTREAM_DOWN, 'dash video entries unusable');
	}
	return {
		ok: true,
		value: {
			kind: 'dash',
			durationMs: durationMsOf(data, num(dash.duration)),
			minBufferSec: num(pick(dash, 'minBufferTime', 'min_buffer_time')) ?? 1.5,
			video: goodVideo,
			audio: audio.filter((a) => a !== null),
		},
	};
}

function parseDurl(data: Json, durl: unknown[]): Parsed<PlayInfo> {
	const first = durl[0];
	if (durl.length !== 1 || !isRecord(first)) {
		return failure(BilibiliReason.UPSTREAM_DOWN, `durl with ${durl.length} segments`);
	}
	const urls = urlList(first.url, first.backup_url);
	if (urls.length === 0) return failure(BilibiliReason.UPSTREAM_DOWN, 'durl without URL');
	const format = str(data.format) ?? '';
	const isMp4 = format.includes('mp4') || urls.some((u) => new URL(u).pathname.endsWith('.mp4'));
	if (!isMp4) return failure(BilibiliReason.UPSTREAM_DOWN, `durl format ${format}`);
	const lengthMs = positive(first.length);
	return {
		ok: true,
		value: {
			kind: 'durl',
			durationMs: positive(data.timelength) ?? lengthMs ?? 0,
			size: positive(first.size),
			urls,
		},
	};
}

/** A UGC or PGC playurl answer → {@link PlayInfo}. */
export function parsePlayurl(
	answer: UpstreamAnswer,
	endpoint: 'playurl' | 'pgcPlayurl',
): Parsed<PlayInfo> {
	const env = envelope(answer, endpoint);
	if (!env.ok) return env;
	const raw = endpoint === 'playurl' ? env.value.data : env.value.result;
	// Newer PGC answers nest the payload in `video_info`.
	const data = isRecord(raw) && isRecord(raw.video_info) ? raw.video_info : raw;
	if (!isRecord(data)) return failure(BilibiliReason.UPSTREAM_DOWN, 'playurl without data');
	if (isRecord(raw) && (raw.is_preview === 1 || raw.is_preview === true)) {
		return failure(BilibiliReason.PREMIUM_ONLY, 'preview only');
	}
	if (isRecord(data.dash)) return parseDash(data, data.dash);
	const durl = arr(data.durl);
	if (durl) return parseDurl(data, durl);
	if ('v_voucher' in data) return failure(BilibiliReason.RISK_CONTROLLED, 'v_voucher only');
	return failure(BilibiliReason.UPSTREAM_DOWN, 'playurl without dash or durl');
}

/** The `deadline` (unix seconds) a CDN URL carries, or null. */
export function urlDeadlineSec(url: string): number | null {
	try {
		const raw = new URL(url).searchParams.get('deadline');
		return raw !== null && /^\d{1,12}$/.test(raw) ? Number(raw) : null;
	} catch {
		return null;
	}
}

/** The earliest deadline among every URL of an answer, or null when none carries one. */
export function playInfoDeadlineSec(info: PlayInfo): number | null {
	const urls =
		info.kind === 'durl' ? info.urls : [...info.video, ...info.audio].flatMap((s) => s.urls);
	const deadlines = urls.map(urlDeadlineSec).filter((d) => d !== null);
	return deadlines.length > 0 ? Math.min(...deadlines) : null;
}
