/** Real server processes for restart and multi-process tests (one Node process each, no wrapper). */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Server } from 'node:net';
import { onTestFinished } from 'vitest';

const SERVER = new URL('../src/server.ts', import.meta.url).pathname;
const CWD = new URL('..', import.meta.url).pathname;

export { freePort } from './free-port.js';

export async function startServer(
	port: number,
	env: Record<string, string>,
): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
		env: {
			...process.env,
			APP_HOST: '127.0.0.1',
			APP_PORT: String(port),
			APP_SHARED_PASSWORD: 'pw',
			APP_LOG_LEVEL: 'warn',
			APP_ENV_FILE: '/dev/null',
			...env,
		},
		cwd: CWD,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	onTestFinished(() => {
		child.kill('SIGKILL');
	});
	for (let i = 0; i < 150; i++) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
		} catch {
			// not up yet
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('server did not start');
}

export function exited(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null) return Promise.resolve(child.exitCode);
	return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * A tiny TCP load balancer: each new connection goes to the first backend that accepts it (in
 * rotation), like a proxy with health checks. Lets clients "reconnect to a survivor".
 */
export async function startBalancer(backends: number[]): Promise<{ port: number; server: Server }> {
	let next = 0;
	const server = createServer((client) => {
		const tryBackend = (attempt: number) => {
			if (attempt >= backends.length) {
				client.destroy();
				return;
			}
			const port = backends[(next + attempt) % backends.length] as number;
			const upstream = createConnection({ host: '127.0.0.1', port });
			let connected = false;
			upstream.once('connect', () => {
				connected = true;
				next = (next + 1) % backends.length;
				client.pipe(upstream).pipe(client);
			});
			upstream.once('error', () => {
				if (!connected) tryBackend(attempt + 1);
				else client.destroy();
			});
			client.once('error', () => upstream.destroy());
			client.once('close', () => upstream.destroy());
			upstream.once('close', () => client.destroy());
		};
		tryBackend(0);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
	return { port: (server.address() as { port: number }).port, server };
}
