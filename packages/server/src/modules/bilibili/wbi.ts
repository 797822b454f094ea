/**
 * WBI request signing (docs: bilibili-upstream.md §3). `mixinKey` and `canonicalQuery` are pure
 * and carry the doc's test vectors; `signWbi` adds the md5 from node:crypto.
 */
import { createHash } from 'node:crypto';

/** Permutation applied to `img_key + sub_key` to build the mixin key. */
const MIXIN_KEY_ENC_TAB: readonly number[] = [
	46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42, 19, 29, 28,
	14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40, 61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25, 54,
	21, 56, 59, 6, 63, 57, 62, 11, 36, 20, 34, 44, 52,
];

/** The two WBI keys: file stems of `nav`'s `wbi_img.img_url` / `sub_url`. */
export interface WbiKeys {
	imgKey: string;
	subKey: string;
}

/** Query parameter values as we send them. */
export type QueryParams = Readonly<Record<string, string | number>>;

/** The 32-character mixin key: `imgKey + subKey` permuted by the table, truncated. */
export function mixinKey({ imgKey, subKey }: WbiKeys): string {
	const raw = imgKey + subKey;
	return MIXIN_KEY_ENC_TAB.map((i) => raw[i] ?? '')
		.join('')
		.slice(0, 32);
}

const FILTERED_CHARS = /[!'()*]/g;

/**
 * Keys sorted ascending, `!'()*` removed from values, each part `encodeURIComponent`-encoded and
 * joined as `k=v&k=v`. This is both what is hashed and what is sent.
 */
export function canonicalQuery(params: QueryParams): string {
	return Object.keys(params)
		.sort()
		.map((key) => {
			const value = String(params[key]).replace(FILTERED_CHARS, '');
			return `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
		})
		.join('&');
}

/** `w_rid` = md5(canonical query + mixin key), lowercase hex. */
export function wbiSignature(params: QueryParams, keys: WbiKeys): string {
	return createHash('md5')
		.update(canonicalQuery(params) + mixinKey(keys))
		.digest('hex');
}

/** The signed query string for `params` at `wtsSec` (unix seconds): `…&wts=…&w_rid=…`. */
export function signWbi(params: QueryParams, keys: WbiKeys, wtsSec: number): string {
	const withWts = { ...params, wts: wtsSec };
	return `${canonicalQuery(withWts)}&w_rid=${wbiSignature(withWts, keys)}`;
}

/** A key file stem from a `wbi_img` URL (`…/bfs/wbi/<stem>.png`), or null. */
export function keyFromWbiUrl(url: unknown): string | null {
	if (typeof url !== 'string') return null;
	const stem = /\/([0-9A-Za-z]{16,64})\.[A-Za-z]{2,5}(?:\?.*)?$/.exec(url)?.[1];
	return stem ?? null;
}
