// `pnpm hash-password [--scrypt] <password>`: print a hash to use in APP_USERS (id:<hash>).
// Without an argument the password is read from standard input (so it stays out of shell history).
import { hash } from '@node-rs/argon2';
import { hashScrypt } from '../src/modules/auth/accounts.js';

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

const args = process.argv.slice(2);
const useScrypt = args.includes('--scrypt');
const password = args.find((a) => !a.startsWith('--')) ?? (await readStdin());
if (!password) {
	console.error(
		'usage: pnpm hash-password [--scrypt] <password>   (or pipe the password on stdin)',
	);
	process.exit(2);
}
console.log(useScrypt ? await hashScrypt(password) : await hash(password));
