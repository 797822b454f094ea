/**
 * Personal accounts from `APP_USERS="id:password,id2:password2"`. A password may be plain text or a
 * PHC hash: argon2 (`$argon2id$…`, verified with @node-rs/argon2) or scrypt (`$scrypt$ln=…,r=…,p=…$salt$hash`,
 * verified with Node's crypto). Hashes contain commas, so entries are split only on commas that
 * start a new `id:` entry.
 */
import { createHash, scrypt as scryptCb, timingSafeEqual, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { verify as argon2Verify } from '@node-rs/argon2';

const scrypt = promisify(scryptCb) as (
	password: string,
	salt: Buffer,
	keylen: number,
	options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

export interface Account {
	id: string;
	password: string;
}

export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_.\-@\u4e00-\u9fff]{1,64}$/u;
const ENTRY_SPLIT = /,(?=\s*[A-Za-z0-9_.\-@\u4e00-\u9fff]+:)/u;
const SCRYPT_PHC =
	/^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;
const ARGON2_PHC = /^\$argon2(id|i|d)\$/;

/** Parse `APP_USERS`; problems are appended to `problems` (config reports them all at once). */
export function parseAccountList(raw: string, problems: string[]): Account[] {
	const accounts: Account[] = [];
	const seen = new Set<string>();
	if (raw.trim() === '') return accounts;
	for (const entry of raw.split(ENTRY_SPLIT)) {
		const trimmed = entry.trim();
		const colon = trimmed.indexOf(':');
		const id = colon > 0 ? trimmed.slice(0, colon) : '';
		const password = colon > 0 ? trimmed.slice(colon + 1) : '';
		if (!ACCOUNT_ID_PATTERN.test(id) || password === '') {
			problems.push(`APP_USERS: entry "${trimmed.slice(0, 20)}…" must look like id:password`);
			continue;
		}
		if (seen.has(id)) {
			problems.push(`APP_USERS: user id "${id}" appears twice`);
			continue;
		}
		if (password.startsWith('$') && !SCRYPT_PHC.test(password) && !ARGON2_PHC.test(password)) {
			problems.push(
				`APP_USERS: the password of "${id}" looks like a hash but is neither argon2 nor scrypt PHC`,
			);
			continue;
		}
		seen.add(id);
		accounts.push({ id, password });
	}
	return accounts;
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time comparison of two strings of any length. */
export function constantTimeEqual(a: string, b: string): boolean {
	return timingSafeEqual(digest(a), digest(b));
}

async function verifyScrypt(phc: string, candidate: string): Promise<boolean> {
	const m = SCRYPT_PHC.exec(phc);
	if (!m) return false;
	const [, ln, r, p, salt, hash] = m as unknown as [string, string, string, string, string, string];
	const expected = Buffer.from(hash, 'base64');
	const N = 2 ** Number(ln);
	const derived = await scrypt(candidate, Buffer.from(salt, 'base64'), expected.length, {
		N,
		r: Number(r),
		p: Number(p),
		maxmem: 256 * N * Number(r) + 1024 * 1024,
	});
	return derived.length === expected.length && timingSafeEqual(derived, expected);
}

/** Check a candidate password against a stored plain password or hash. Never throws. */
export async function verifyPassword(stored: string, candidate: string): Promise<boolean> {
	try {
		if (ARGON2_PHC.test(stored)) return await argon2Verify(stored, candidate);
		if (stored.startsWith('$scrypt$')) return await verifyScrypt(stored, candidate);
		return constantTimeEqual(stored, candidate);
	} catch {
		return false;
	}
}

/** Produce a scrypt PHC string (used by `pnpm hash-password --scrypt` and tests). */
export async function hashScrypt(password: string, ln = 15): Promise<string> {
	const salt = randomBytes(16);
	const N = 2 ** ln;
	const hash = await scrypt(password, salt, 32, {
		N,
		r: 8,
		p: 1,
		maxmem: 256 * N * 8 + 1024 * 1024,
	});
	return `$scrypt$ln=${ln},r=8,p=1$${salt.toString('base64')}$${hash.toString('base64')}`;
}
