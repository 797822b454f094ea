/**
 * What the benchmarks share about the system under test: the built server started as a real
 * process, a logged-in session, and a process's memory and CPU time as Linux reports them in
 * /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';

const SERVER = new URL('../dist/server.js', import.meta.url).pathname;
/** The shared password every benchmark server accepts. */
export const BENCH_PASSWORD = 'bench';

/** When `dist/server.js` was built (another build may have replaced it since the last commit). */
export function serverBuiltAt(): string {
	return statSync(SERVER).mtime.toISOString();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the built bundle (`pnpm build` first) on loopback and waits for `/healthz`. */
export async function startServer(
	port: number,
	env: Record<string, string>,
): Promise<ChildProcess> {
	const child = spawn(process.execPath, [SERVER], {
		env: {
			...process.env,
			APP_HOST: '127.0.0.1',
			APP_PORT: String(port),
			APP_SHARED_PASSWORD: BENCH_PASSWORD,
			APP_LOG_LEVEL: 'error',
			APP_ENV_FILE: '/dev/null',
			...env,
		},
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	for (let i = 0; i < 100; i++) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
		} catch {
			// starting
		}
		await sleep(100);
	}
	child.kill('SIGTERM');
	throw new Error('server did not start');
}

/** Logs in with the shared password; returns the `vt.sid=…` cookie. */
export async function login(base: string, name = 'bench'): Promise<string> {
	const res = await fetch(`${base}/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ password: BENCH_PASSWORD, name }),
	});
	const cookie = /vt\.sid=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
	if (!res.ok || !cookie) throw new Error(`login failed: HTTP ${res.status}`);
	return cookie;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
	if (kb === undefined) throw new Error(`no ${field} for process ${pid}`);
	return Number(kb);
}

/** Resident memory of a process, KB. */
export function rssKb(pid: number): number {
	return statusKb(pid, 'VmRSS');
}

/** Highest resident memory since the last {@link resetPeakRss} (or the start), KB. */
export function peakRssKb(pid: number): number {
	return statusKb(pid, 'VmHWM');
}

/** Restarts the kernel's peak-RSS watermark (VmHWM) from the current RSS. */
export function resetPeakRss(pid: number): void {
	writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** User + system CPU time a process has used so far, seconds. */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the parenthesised command name; utime and stime are fields 14 and 15.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	return ticks / 100;
}
