/**
 * Canonical forms of a resolved {@link BilibiliRef}: the page a person would open, and a stable
 * media key (the `Media.id` format `bilibili:BV…:p2`).
 */
import type { BilibiliRef } from './bilibili.js';

function assertResolved(
	ref: BilibiliRef,
): asserts ref is Exclude<BilibiliRef, { kind: 'shortlink' }> {
	if (ref.kind === 'shortlink') {
		throw new Error(`Short link must be resolved first: ${ref.url}`);
	}
}

/**
 * The canonical bilibili.com page for `ref`: `https://www.bilibili.com/video/BV…` (plus `?p=N`
 * when N > 1) or `https://www.bilibili.com/bangumi/play/ep…` / `ss…`. The start time is left out.
 *
 * @throws Error for `shortlink` refs.
 */
export function canonicalBilibiliUrl(ref: BilibiliRef): string {
	assertResolved(ref);
	switch (ref.kind) {
		case 'video':
			return `https://www.bilibili.com/video/${ref.bvid}${ref.page > 1 ? `?p=${ref.page}` : ''}`;
		case 'episode':
			return `https://www.bilibili.com/bangumi/play/ep${ref.epId}`;
		case 'season':
			return `https://www.bilibili.com/bangumi/play/ss${ref.seasonId}`;
	}
}

/**
 * A stable key for the media `ref` names, independent of start time: `bilibili:BV…:p<N>`,
 * `bilibili:ep<id>` or `bilibili:ss<id>`.
 *
 * @throws Error for `shortlink` refs.
 */
export function bilibiliMediaId(ref: BilibiliRef): string {
	assertResolved(ref);
	switch (ref.kind) {
		case 'video':
			return `bilibili:${ref.bvid}:p${ref.page}`;
		case 'episode':
			return `bilibili:ep${ref.epId}`;
		case 'season':
			return `bilibili:ss${ref.seasonId}`;
	}
}
