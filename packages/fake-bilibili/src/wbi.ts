/**
 * WBI request signing (upstream doc §3): the fake recomputes `w_rid` exactly as a correct client
 * computes it, so a signing bug in the app shows up as the real service's `v_voucher` answer.
 */
import { createHash } from 'node:crypto';

/** Permutation applied to `img_key + sub_key` to build the mixin key. */
export const MIXIN_KEY_ENC_TAB: readonly number[] = [
	46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42, 19, 29, 28,
	14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40, 61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25, 54,
	21, 56, 59, 6, 63, 57, 62, 11, 36, 20, 34, 44, 52,
];

/** The two WBI keys: file stems of `nav`'s `wbi_img.img_url` / `sub_url`. */
export interface WbiKeys {
	imgKey: string;
	subKey: string;
}

/** The keys the doc's test vectors use; the fake's `nav` hands them out by default. */
export const KNOWN_WBI_KEYS: WbiKeys = {
	imgKey: '7cd084941338484aae1ad9425b84077c',
	subKey: '4932caff0ff746eab6f01bf08b70ac45',
};

/** Builds the 32-character mixin key from the two WBI keys. */
export function mixinKey({ imgKey, subKey }: WbiKeys): string {
	const raw = imgKey + subKey;
	return MIXIN_KEY_ENC_TAB.map((i) => raw[i] ?? '')
		.join('')
		.slice(0, 32);
}

const FILTERED_CHARS = /[!'()*]/g;

/** Canonical query: keys sorted, `!'()*` removed from values, encodeURIComponent-encoded. */
export function canonicalQuery(params: Readonly<Record<string, string | number>>): string {
	return Object.keys(params)
		.sort()
		.map((key) => {
			const value = String(params[key]).replace(FILTERED_CHARS, '');
			return `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
		})
		.join('&');
}

/** md5 of the canonical query followed by the mixin key (lowercase hex). */
export function wbiSignature(
	params: Readonly<Record<string, string | number>>,
	mixin: string,
): string {
	return createHash('md5')
		.update(canonicalQuery(params) + mixin)
		.digest('hex');
}

/** Signs `params` at `wts` (unix seconds); returns the query to send and its `w_rid`. */
export function signWbi(
	params: Readonly<Record<string, string | number>>,
	keys: WbiKeys,
	wts: number,
): { query: string; wRid: string } {
	const withWts = { ...params, wts };
	const wRid = wbiSignature(withWts, mixinKey(keys));
	return { query: `${canonicalQuery(withWts)}&w_rid=${wRid}`, wRid };
}

/** Why a signed request was refused, or null when it is acceptable. */
export type WbiRejection = 'unsigned' | 'bad-signature' | 'stale-wts';

/** Largest accepted |now − wts| in seconds. */
export const WBI_MAX_SKEW_SEC = 600;

/**
 * Checks a received query (already URL-decoded, single-valued): `w_rid` must equal the signature of
 * every other parameter (including `wts`) and `wts` must be within {@link WBI_MAX_SKEW_SEC} of now.
 */
export function verifyWbi(
	query: Readonly<Record<string, string>>,
	keys: WbiKeys,
	nowSec: number,
): WbiRejection | null {
	const { w_rid: wRid, ...rest } = query;
	if (wRid === undefined || rest.wts === undefined) return 'unsigned';
	if (wbiSignature(rest, mixinKey(keys)) !== wRid) return 'bad-signature';
	const wts = Number(rest.wts);
	if (!Number.isFinite(wts) || Math.abs(nowSec - wts) > WBI_MAX_SKEW_SEC) return 'stale-wts';
	return null;
}
