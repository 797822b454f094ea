/**
 * av ↔ BV conversion (upstream doc §2). BigInt throughout: aids reach 2^51, beyond the 32-bit
 * bitwise operators.
 */

const XOR_CODE = 23442827791579n;
const MASK_CODE = 2251799813685247n;
const MAX_AID = 1n << 51n;
const BASE = 58n;
const ALPHABET = 'FcwAPNKTMug3GV5Lj7EJnHpWsx4tb8haYeviqBz6rkCy12mUSDQX9RdoZf';
const BVID_PATTERN = /^BV1[1-9A-HJ-NP-Za-km-z]{9}$/;

function swap(chars: string[], i: number, j: number): void {
	const a = chars[i] as string;
	chars[i] = chars[j] as string;
	chars[j] = a;
}

/** Converts a numeric aid to its 12-character BV id. */
export function avToBv(aid: number | bigint): string {
	const chars = [...'BV1000000000'];
	let tmp = (MAX_AID | BigInt(aid)) ^ XOR_CODE;
	let i = chars.length - 1;
	while (tmp > 0n) {
		chars[i] = ALPHABET[Number(tmp % BASE)] as string;
		tmp /= BASE;
		i -= 1;
	}
	swap(chars, 3, 9);
	swap(chars, 4, 7);
	return chars.join('');
}

/** Converts a BV id back to its aid, or returns null when the string is not a BV id. */
export function bvToAv(bvid: string): bigint | null {
	if (!BVID_PATTERN.test(bvid)) return null;
	const chars = [...bvid];
	swap(chars, 3, 9);
	swap(chars, 4, 7);
	let tmp = 0n;
	for (const c of chars.slice(3)) tmp = tmp * BASE + BigInt(ALPHABET.indexOf(c));
	return (tmp & MASK_CODE) ^ XOR_CODE;
}

/** True for a syntactically valid BV id (`BV1` + 9 base-58 characters). */
export function isBvid(value: string): boolean {
	return BVID_PATTERN.test(value);
}
