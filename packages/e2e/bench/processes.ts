/**
 * Child processes for the benchmark (the media host and the built app server), free ports,
 * health waits, and one cleanup list run on success, error and SIGINT/SIGTERM alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = fileURLToPath(new URL('../', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_DIST = fileURLToPath(new URL('../../server/dist/', import.meta.url));
/** Inside the server package, so the bundle still resolves the server's dependencies. */
const SNAPSHOT_PARENT = fileURLToPath(
	new URL('../../server/node_modules/.cache/', import.meta.url),
);
const MEDIA_SERVER = fileURLToPath(new URL('../support/media-server.mjs', import.meta.url));

export function log(message: string): void {
	const stamp = new Date().toISOString().slice(11, 19);
	console.log(`[bench ${stamp}] ${message}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Run `fn` but give up after `ms` with an error naming `what`. */
export async function withTimeout<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
	});
	try {
		return await Promise.race([fn(), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

type Closer = { name: string; close: () => Promise<void> | void };
const closers: Closer[] = [];

/** Register something to close at the end (closed in reverse order). */
export function onCleanup(name: string, close: Closer['close']): void {
	closers.push({ name, close });
}

/** Close everything registered, each with a time limit; never throws. */
export async function cleanup(): Promise<void> {
	while (closers.length > 0) {
		const closer = closers.pop() as Closer;
		try {
			await withTimeout(`closing ${closer.name}`, 10_000, async () => closer.close());
		} catch (error) {
			console.error(`[bench] ${String(error)}`);
		}
	}
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Poll `url` until it answers 2xx. */
export async function waitForHealthy(url: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
			if (response.ok) return;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = String(error);
		}
		await sleep(200);
	}
	throw new Error(`${url} not healthy after ${timeoutMs} ms (${last})`);
}

function spawnChild(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
	const child = spawn(process.execPath, args, {
		cwd: E2E_DIR,
		env,
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr = (stderr + chunk.toString()).slice(-4_000);
	});
	child.on('exit', (code, signal) => {
		if (code !== 0 && code !== null) {
			console.error(`[bench] ${name} exited with ${code}${stderr ? `:\n${stderr}` : ''}`);
		} else if (signal && signal !== 'SIGTERM') {
			console.error(`[bench] ${name} ended by ${signal}`);
		}
	});
	onCleanup(name, () => stopChild(child));
	return child;
}

/** SIGTERM, then SIGKILL if it is still running after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}

/** Start support/media-server.mjs (which generates the sample MP4 with ffmpeg the first time). */
export async function startMediaHost(): Promise<string> {
	const port = await freePort();
	spawnChild('media server', [MEDIA_SERVER, String(port)], process.env);
	const base = `http://127.0.0.1:${port}`;
	await waitForHealthy(`${base}/healthz`, 120_000);
	return base;
}

/**
 * A private copy of the built server + SPA for this run: `pnpm build` elsewhere (tests run it)
 * deletes and rewrites packages/server/dist, which would break a server serving from it.
 */
async function snapshotServer(): Promise<string> {
	const ready = () => existsSync(join(SERVER_DIST, 'server.js'));
	for (let i = 0; i < 30 && !ready(); i += 1) await sleep(1_000);
	if (!ready()) {
		throw new Error(
			`${SERVER_DIST}server.js is missing: run \`pnpm build\` first (pnpm bench does).`,
		);
	}
	mkdirSync(SNAPSHOT_PARENT, { recursive: true });
	const dir = mkdtempSync(join(SNAPSHOT_PARENT, 'vt-bench-sync-'));
	onCleanup('server snapshot', () => rmSync(dir, { recursive: true, force: true }));
	await sleep(1_000); // let a build that just wrote server.js finish copying the SPA
	cpSync(SERVER_DIST, dir, { recursive: true });
	if (!existsSync(join(dir, 'public', 'index.html'))) {
		throw new Error(`${SERVER_DIST} has no public/index.html: run \`pnpm build\` at the root.`);
	}
	return join(dir, 'server.js');
}

/** Start (a snapshot of) the built server with a bench password on a free port. */
export async function startAppServer(password: string): Promise<string> {
	const entry = await snapshotServer();
	const port = await freePort();
	// A throwaway data directory: every run starts from an empty store.
	const dataDir = mkdtempSync(join(tmpdir(), 'vt-bench-sync-data-'));
	onCleanup('app data', () => rmSync(dataDir, { recursive: true, force: true }));
	spawnChild('app server', [entry], {
		...process.env,
		NODE_ENV: 'development',
		APP_HOST: '127.0.0.1',
		APP_PORT: String(port),
		APP_SHARED_PASSWORD: password,
		APP_LOG_LEVEL: 'warn',
		APP_ENV_FILE: '/dev/null',
		APP_DATA_DIR: dataDir,
	});
	const base = `http://127.0.0.1:${port}`;
	await waitForHealthy(`${base}/healthz`, 30_000);
	return base;
}
