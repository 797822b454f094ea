/**
 * `pnpm bench:sync`: how closely real Chromium viewers stay together (design §3 targets).
 * Starts the media host and the built app server (or uses BENCH_APP_URL / BENCH_MEDIA_URL), runs
 * the scenarios, prints the table and rewrites the `## Sync` section of docs/benchmarks.md.
 * It reports figures; it never fails because a target was missed.
 *
 * Environment: BENCH_STEADY_S (60), BENCH_ROUNDS (3), BENCH_VIEWERS ("2,4,8"),
 * BENCH_DELAYED_VIEWERS (4; 0 skips the latency scenario), BENCH_APP_URL + BENCH_PASSWORD (a
 * running server), BENCH_MEDIA_URL (a reachable MP4), BENCH_OUTPUT (docs/benchmarks.md).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config.js';
import { startLatencyProxy } from './latency-proxy.js';
import {
	cleanup,
	log,
	onCleanup,
	REPO_DIR,
	sleep,
	startAppServer,
	startMediaHost,
	withTimeout,
} from './processes.js';
import { resultsTable, syncSection, writeSection, type RunInfo } from './report.js';
import { runScenario, type BenchParams, type ScenarioResult } from './scenario.js';
import { VIEWPORT } from './viewers.js';

const PROXY = { meanMs: 100, jitterMs: 50 };

function envNumber(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
	return value;
}

function viewerCounts(): number[] {
	const raw = process.env.BENCH_VIEWERS ?? '2,4,8';
	return raw
		.split(',')
		.map((s) => Number(s.trim()))
		.filter((n) => Number.isInteger(n) && n >= 2);
}

function gitCommit(): string {
	try {
		const out = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR });
		return out.toString().trim();
	} catch {
		return 'unknown';
	}
}

async function main(): Promise<void> {
	const loadBefore = os.loadavg()[0] ?? 0;
	const appUrl = process.env.BENCH_APP_URL;
	const password = process.env.BENCH_PASSWORD ?? randomBytes(9).toString('base64url');
	if (appUrl && !process.env.BENCH_PASSWORD) {
		throw new Error('BENCH_APP_URL needs BENCH_PASSWORD (the server’s shared password).');
	}
	const mediaBase = process.env.BENCH_MEDIA_URL ? null : await startMediaHost();
	const mediaUrl = process.env.BENCH_MEDIA_URL ?? `${mediaBase}/sample-h264.mp4`;
	log(`media: ${mediaUrl}`);
	const base = appUrl ?? (await startAppServer(password));
	log(`app: ${base}`);

	const params: BenchParams = {
		password,
		mediaUrl,
		steadyS: envNumber('BENCH_STEADY_S', 60),
		rounds: Math.max(1, Math.round(envNumber('BENCH_ROUNDS', 3))),
		commandToleranceMs: 50,
		joinToleranceMs: 100,
		holdMs: 500,
		commandTimeoutMs: 10_000,
	};

	const browser: Browser = await withTimeout('launching Chromium', 60_000, () =>
		chromium.launch({
			headless: true,
			// Our own handlers close the browser with everything else (Playwright's would exit early).
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
			...chromiumLaunchOptions([
				'--autoplay-policy=no-user-gesture-required',
				'--disable-background-timer-throttling',
				'--disable-renderer-backgrounding',
				'--disable-backgrounding-occluded-windows',
			]),
		}),
	);
	onCleanup('Chromium', () => browser.close());
	log(`Chromium ${browser.version()}`);

	const results: ScenarioResult[] = [];
	for (const count of viewerCounts()) {
		results.push(await runScenario(browser, 'direct', base, count, params));
		await sleep(2_000); // let the closed pages' processes go
	}
	const delayedCount = Math.round(envNumber('BENCH_DELAYED_VIEWERS', 4));
	if (delayedCount >= 2) {
		const target = new URL(base);
		const proxy = await startLatencyProxy({
			targetHost: target.hostname,
			targetPort: Number(target.port || 80),
			...PROXY,
		});
		onCleanup('latency proxy', () => proxy.close());
		const name = `+${PROXY.meanMs} ± ${PROXY.jitterMs} ms each way`;
		const proxied = `http://127.0.0.1:${proxy.port}`;
		results.push(await runScenario(browser, name, proxied, delayedCount, params, true));
		log(`latency proxy carried ${proxy.connections()} connections`);
	}

	const cpus = os.cpus();
	const info: RunInfo = {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		commit: gitCommit(),
		cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
		cores: cpus.length,
		ramGiB: Math.round(os.totalmem() / 2 ** 30),
		os: `${os.type()} ${os.release()}`,
		node: process.version,
		chromium: browser.version(),
		proxy: PROXY,
		viewport: `${VIEWPORT.width}×${VIEWPORT.height}`,
		load: [loadBefore, os.loadavg()[0] ?? 0],
		settings: Object.entries(process.env)
			.filter(([key]) => /^BENCH_(STEADY_S|ROUNDS|VIEWERS|DELAYED_VIEWERS)$/.test(key))
			.map(([key, value]) => `${key}=${value}`)
			.join(' '),
	};
	console.log(`\n${resultsTable(results)}\n`);
	const output = resolve(REPO_DIR, process.env.BENCH_OUTPUT ?? 'docs/benchmarks.md');
	writeSection(output, syncSection(results, info, params));
	try {
		// Keep the file as `pnpm format:check` wants it (tables get aligned).
		const prettier = join(REPO_DIR, 'node_modules/.bin/prettier');
		execFileSync(prettier, ['--write', '--log-level', 'warn', output], { cwd: REPO_DIR });
	} catch (error) {
		log(`prettier could not format ${output}: ${String(error)}`);
	}
	log(`wrote ${output}`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (stopping) return;
		stopping = true;
		log(`${signal}: shutting down`);
		void cleanup().finally(() => process.exit(130));
	});
}

try {
	await main();
	await cleanup();
} catch (error) {
	console.error(
		`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`,
	);
	await cleanup();
	process.exitCode = 1;
}
