import { hash as argon2Hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, hashScrypt, parseAccountList, verifyPassword } from './accounts.js';

describe('parseAccountList', () => {
	it('reads id:password pairs, trimming around entries', () => {
		const problems: string[] = [];
		expect(parseAccountList(' exp:exp01 , lizi:lizi456', problems)).toEqual([
			{ id: 'exp', password: 'exp01' },
			{ id: 'lizi', password: 'lizi456' },
		]);
		expect(problems).toEqual([]);
	});

	it('keeps commas and colons inside hashes and passwords', async () => {
		const argon = await argon2Hash('secret');
		const scrypt = await hashScrypt('secret', 10);
		const problems: string[] = [];
		const accounts = parseAccountList(`a:${argon},b:${scrypt},c:pa:ss`, problems);
		expect(problems).toEqual([]);
		expect(accounts.map((a) => a.id)).toEqual(['a', 'b', 'c']);
		expect(accounts[0]?.password).toBe(argon);
		expect(accounts[1]?.password).toBe(scrypt);
		expect(accounts[2]?.password).toBe('pa:ss');
	});

	it.each([
		['nocolon', /must look like id:password/],
		[':pw', /must look like id:password/],
		['id:', /must look like id:password/],
		['a:1,a:2', /appears twice/],
		['a:$2b$10$bcryptisnotsupported', /neither argon2 nor scrypt/],
	])('%j is reported', (raw, pattern) => {
		const problems: string[] = [];
		parseAccountList(raw, problems);
		expect(problems.join('\n')).toMatch(pattern);
	});
});

describe('verifyPassword', () => {
	it('checks plain passwords exactly', async () => {
		await expect(verifyPassword('exp01', 'exp01')).resolves.toBe(true);
		await expect(verifyPassword('exp01', 'exp02')).resolves.toBe(false);
		await expect(verifyPassword('exp01', 'exp01 ')).resolves.toBe(false);
		await expect(verifyPassword('exp01', '')).resolves.toBe(false);
	});

	it('verifies argon2id hashes', async () => {
		const stored = await argon2Hash('熊猫-password');
		await expect(verifyPassword(stored, '熊猫-password')).resolves.toBe(true);
		await expect(verifyPassword(stored, 'wrong')).resolves.toBe(false);
	});

	it('verifies scrypt hashes made by hashScrypt', async () => {
		const stored = await hashScrypt('hunter2', 10);
		expect(stored).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
		await expect(verifyPassword(stored, 'hunter2')).resolves.toBe(true);
		await expect(verifyPassword(stored, 'hunter3')).resolves.toBe(false);
	});

	it('never throws on a malformed hash', async () => {
		await expect(verifyPassword('$argon2id$garbage', 'x')).resolves.toBe(false);
		await expect(verifyPassword('$scrypt$ln=99,r=8,p=1$AAAA$AAAA', 'x')).resolves.toBe(false);
	});

	it('constantTimeEqual compares strings of any length', () => {
		expect(constantTimeEqual('a', 'a')).toBe(true);
		expect(constantTimeEqual('a', 'ab')).toBe(false);
	});
});
