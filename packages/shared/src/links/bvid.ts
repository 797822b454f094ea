/**
 * av ↔ BV id conversion (docs: bilibili-upstream.md §2).
 *
 * A BV id is `BV1` followed by nine base-58 digits that encode `(2^51 | aid) XOR XOR_CODE`, with
 * two pairs of positions swapped. BigInt keeps the 52-bit arithmetic exact.
 */

const ALPHABET = 'FcwAPNKTMug3GV5Lj7EJnHpWsx4tb8haYeviqBz6rkCy12mUSDQX9RdoZf';
const XOR_CODE = 23442827791579n;
const BASE = 58n;
/** 2^51: every valid aid is below this. */
export const MAX_AID = 1n << 51n;
const MASK_CODE = MAX_AID - 1n;
const BV_LENGTH = 12;
const DIGIT_OF = new Map<string, bigint>([...ALPHABET].map((c, i) => [c, BigInt(i)]));

function swapPairs(chars: string[]): void {
	for (const [a, b] of [
		[3, 9],
		[4, 7],
	] as const) {
		const tmp = chars[a] as string;
		chars[a] = chars[b] as string;
		chars[b] = tmp;
	}
}

/**
 * Returns the BV id with its prefix written `BV`, or `null` when `s` is not `BV1` (prefix in any
 * case) followed by nine characters of the base-58 alphabet. The nine digits are case sensitive.
 */
export function normalizeBvid(s: string): string | null {
	if (typeof s !== 'string' || s.length !== BV_LENGTH) return null;
	if (s.slice(0, 2).toUpperCase() !== 'BV' || s[2] !== '1') return null;
	for (let i = 3; i < BV_LENGTH; i++) {
		if (!DIGIT_OF.has(s[i] as string)) return null;
	}
	return `BV${s.slice(2)}`;
}

/**
 * True when `s` has the shape of a BV id: `BV1` + nine base-58 characters. The `BV` prefix may be
 * in any case; use {@link normalizeBvid} to get the canonical spelling.
 */
export function isBvid(s: string): boolean {
	return normalizeBvid(s) !== null;
}

/**
 * True when `aid` is a valid av number (an integer with 1 ≤ aid < 2^51).
 */
export function isValidAid(aid: number | bigint): boolean {
	if (typeof aid === 'number' && !Number.isSafeInteger(aid)) return false;
	const n = BigInt(aid);
	return n >= 1n && n < MAX_AID;
}

/**
 * Converts an av number to its BV id.
 *
 * @throws RangeError when `aid` is not an integer in [1, 2^51).
 */
export function avToBv(aid: number | bigint): string {
	if (!isValidAid(aid)) throw new RangeError(`aid out of range: ${String(aid)}`);
	let tmp = (MAX_AID | BigInt(aid)) ^ XOR_CODE;
	const chars = [...'BV1000000000'];
	for (let i = BV_LENGTH - 1; tmp > 0n; i--) {
		chars[i] = ALPHABET[Number(tmp % BASE)] as string;
		tmp /= BASE;
	}
	swapPairs(chars);
	return chars.join('');
}

/**
 * Converts a BV id (prefix in any case) to its av number. Ids of the right shape that Bilibili
 * never issued still decode, to whatever the masked digits give.
 *
 * @throws RangeError when `bvid` does not have the shape of a BV id (see {@link isBvid}).
 */
export function bvToAv(bvid: string): number {
	const normal = normalizeBvid(bvid);
	if (normal === null) throw new RangeError(`not a BV id: ${String(bvid)}`);
	const chars = [...normal];
	swapPairs(chars);
	let tmp = 0n;
	for (let i = 3; i < BV_LENGTH; i++) {
		tmp = tmp * BASE + (DIGIT_OF.get(chars[i] as string) as bigint);
	}
	return Number((tmp & MASK_CODE) ^ XOR_CODE);
}
