/**
 * Builds the `data` (UGC) / `result` (PGC) payloads of playurl answers from the media catalogue:
 * the DASH shape (doc §6) with camelCase and snake_case aliases, or the `durl` shape (doc §7).
 */
import type { DashStream, MediaCatalog } from './media.js';

/** Quality tiers the fake knows (doc §8). */
const TIERS: Record<number, { format: string; description: string; display: string }> = {
	64: { format: 'flv720', description: '720P 高清', display: '720P' },
	32: { format: 'flv480', description: '480P 清晰', display: '480P' },
	16: { format: 'mp4', description: '360P 流畅', display: '360P' },
};

/** URLs for one stream: `base` is `baseUrl`, `backups` is `backupUrl[]`. */
export interface StreamUrls {
	base: string;
	backups: string[];
}

/** Makes the URLs of a stream; `pcdn` is true for the one stream whose `baseUrl` goes to PCDN. */
export type UrlFactory = (streamId: number, ext: 'm4s' | 'mp4', pcdn: boolean) => StreamUrls;

function tier(qn: number): { format: string; description: string; display: string } {
	return TIERS[qn] ?? { format: `qn${qn}`, description: `${qn}`, display: `${qn}` };
}

function dashEntry(s: DashStream, urls: StreamUrls): Record<string, unknown> {
	const segmentBase = { Initialization: s.ranges.initialization, indexRange: s.ranges.indexRange };
	return {
		id: s.id,
		baseUrl: urls.base,
		base_url: urls.base,
		backupUrl: urls.backups,
		backup_url: urls.backups,
		bandwidth: s.bandwidth,
		mimeType: s.mimeType,
		mime_type: s.mimeType,
		codecs: s.codecs,
		width: s.width,
		height: s.height,
		frameRate: s.frameRate,
		frame_rate: s.frameRate,
		sar: s.kind === 'video' ? '1:1' : '',
		startWithSap: 1,
		start_with_sap: 1,
		SegmentBase: segmentBase,
		segment_base: {
			initialization: s.ranges.initialization,
			index_range: s.ranges.indexRange,
		},
		codecid: s.codecid,
	};
}

/** Tiers present in the DASH video ladder, best first. */
function ladder(media: MediaCatalog): number[] {
	return [...new Set(media.video.map((v) => v.id))].sort((a, b) => b - a);
}

function supportFormats(media: MediaCatalog, maxQn: number): Record<string, unknown>[] {
	return ladder(media).map((qn) => ({
		quality: qn,
		format: tier(qn).format,
		new_description: tier(qn).description,
		display_desc: tier(qn).display,
		superscript: '',
		codecs: media.video.filter((v) => v.id === qn).map((v) => v.codecs),
		...(qn > maxQn ? { need_login: true } : {}),
	}));
}

/** Options of a DASH answer. */
export interface DashOptions {
	/** Best tier the caller may have (guests without try_look: 32). */
	maxQn: number;
	/** Requested qn (only changes `quality`; DASH returns every allowed tier). */
	qn: number | undefined;
	urls: UrlFactory;
}

/** The DASH playurl payload: every allowed video tier in AVC and HEVC, both audio streams. */
export function dashPayload(media: MediaCatalog, opts: DashOptions): Record<string, unknown> {
	const tiers = ladder(media);
	const allowed = tiers.filter((qn) => qn <= opts.maxQn);
	const quality = allowed.find((qn) => qn <= (opts.qn ?? opts.maxQn)) ?? allowed.at(-1) ?? 0;
	const videos = media.video.filter((v) => v.id <= opts.maxQn);
	const pcdnStream = videos[0]?.streamId;
	const durationSec = Math.max(...media.video.map((v) => v.durationSec));
	return {
		from: 'local',
		result: 'suee',
		message: '',
		quality,
		format: tier(quality).format,
		timelength: Math.round(durationSec * 1000),
		accept_format: tiers.map((qn) => tier(qn).format).join(','),
		accept_description: tiers.map((qn) => tier(qn).description),
		accept_quality: tiers,
		video_codecid: 7,
		seek_param: 'start',
		seek_type: 'offset',
		dash: {
			duration: Math.round(durationSec),
			minBufferTime: 1.5,
			min_buffer_time: 1.5,
			video: videos.map((v) =>
				dashEntry(v, opts.urls(v.streamId, 'm4s', v.streamId === pcdnStream)),
			),
			audio: media.audio.map((a) => dashEntry(a, opts.urls(a.streamId, 'm4s', false))),
			dolby: { type: 0, audio: null },
			flac: null,
		},
		support_formats: supportFormats(media, opts.maxQn),
		high_format: null,
		last_play_time: 0,
		last_play_cid: 0,
		view_info: null,
	};
}

/** The `durl` playurl payload: one progressive MP4 (360P, as html5 clients mostly get today). */
export function durlPayload(media: MediaCatalog, urls: UrlFactory): Record<string, unknown> {
	const p = media.progressive;
	const { base, backups } = urls(p.streamId, 'mp4', false);
	const length = Math.round(p.durationSec * 1000);
	return {
		from: 'local',
		result: 'suee',
		message: '',
		quality: p.qn,
		format: tier(p.qn).format,
		timelength: length,
		accept_format: tier(p.qn).format,
		accept_description: [tier(p.qn).description],
		accept_quality: [p.qn],
		video_codecid: 7,
		seek_param: 'start',
		seek_type: 'second',
		durl: [
			{ order: 1, length, size: p.size, ahead: '', vhead: '', url: base, backup_url: backups },
		],
		support_formats: [
			{
				quality: p.qn,
				format: tier(p.qn).format,
				new_description: tier(p.qn).description,
				display_desc: tier(p.qn).display,
				superscript: '',
				codecs: null,
			},
		],
		high_format: null,
		last_play_time: 0,
		last_play_cid: 0,
	};
}
