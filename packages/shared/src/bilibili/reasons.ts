/**
 * Why a Bilibili video is not played natively: one stable code per error class of the upstream
 * (docs: bilibili-upstream.md §11), with the HTTP status the server answers and an English
 * message for people. The server sends the code (`reason`); the web translates it.
 */

/** Every reason code. `as const` object plus a same-named union, never a TS enum. */
export const BilibiliReason = {
	/** −404 on view: deleted or never existed. */
	DELETED: 'deleted',
	/** 62012 (uploader-only), −403 (no permission). */
	PRIVATE: 'private',
	/** 62002: not publicly visible. */
	NOT_VISIBLE: 'not_visible',
	/** 62004: still under review. */
	UNDER_REVIEW: 'under_review',
	/** −10403 / −688: geo restriction. */
	REGION_LOCKED: 'region_locked',
	/** −689, PGC previews, `is_upower_exclusive`, no tier we may have. */
	PREMIUM_ONLY: 'premium_only',
	/** −352, −412, −401 with `ga_data`, HTTP 412, a `v_voucher`-only answer. */
	RISK_CONTROLLED: 'risk_controlled',
	/** −101, −401 without risk data. */
	LOGIN_REQUIRED: 'login_required',
	/** Timeouts, network errors, 5xx, garbage bodies, unknown codes. */
	UPSTREAM_DOWN: 'upstream_down',
	/** −400, a part/episode/stream that does not exist. */
	NOT_FOUND: 'not_found',
	/** Every stream URL points at a host outside `BILIBILI_CDN_HOSTS`. */
	CDN_NOT_ALLOWED: 'cdn_not_allowed',
	/** The client's MediaSource supports none of the offered video codecs (or there is no MSE). */
	NO_CODEC: 'no_codec',
	/** Playurl answered progressive MP4 only (no DASH). */
	NO_DASH: 'no_dash',
	/** The operator forced this mode (`BILIBILI_PLAYBACK`) or the caller capped the ladder. */
	FORCED: 'forced',
} as const;
export type BilibiliReason = (typeof BilibiliReason)[keyof typeof BilibiliReason];

/** How to present a reason. */
export interface BilibiliReasonInfo {
	/** HTTP status when the reason ends a request. */
	status: number;
	/** English message for people (the web translates the code). */
	message: string;
	/**
	 * True when the video's metadata itself is refused: nobody can watch it in any mode, so the
	 * resolver rejects instead of falling back to the embed.
	 */
	fatal: boolean;
}

export const BILIBILI_REASON_INFO: Readonly<Record<BilibiliReason, BilibiliReasonInfo>> = {
	deleted: {
		status: 404,
		message: 'This Bilibili video has been deleted or does not exist.',
		fatal: true,
	},
	private: {
		status: 403,
		message: 'This Bilibili video is private or restricted by its uploader.',
		fatal: true,
	},
	not_visible: {
		status: 403,
		message: 'This Bilibili video is not publicly visible.',
		fatal: true,
	},
	under_review: {
		status: 403,
		message: 'This Bilibili video is still under review.',
		fatal: true,
	},
	region_locked: {
		status: 451,
		message: 'Bilibili does not offer this video in the server’s region.',
		fatal: false,
	},
	premium_only: {
		status: 403,
		message: 'This Bilibili video needs a premium membership or a purchase.',
		fatal: false,
	},
	risk_controlled: {
		status: 503,
		message: 'Bilibili is temporarily refusing our requests (risk control).',
		fatal: false,
	},
	login_required: {
		status: 403,
		message: 'This Bilibili video needs a logged-in account.',
		fatal: false,
	},
	upstream_down: {
		status: 502,
		message: 'Bilibili could not be reached or gave an unusable answer.',
		fatal: false,
	},
	not_found: {
		status: 404,
		message: 'That part or episode was not found on Bilibili.',
		fatal: true,
	},
	cdn_not_allowed: {
		status: 502,
		message: 'Bilibili served this video from hosts outside the allowed CDN list.',
		fatal: false,
	},
	no_codec: {
		status: 409,
		message: 'This browser cannot play any of the video formats Bilibili offers for this video.',
		fatal: false,
	},
	no_dash: {
		status: 502,
		message: 'Bilibili offered only a progressive MP4 for this video.',
		fatal: false,
	},
	forced: {
		status: 409,
		message: 'This playback mode was chosen by the server’s configuration.',
		fatal: false,
	},
};
