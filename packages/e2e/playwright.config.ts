/**
 * Playwright runs against the BUILT server (run `pnpm build` first; `pnpm test` does), started
 * here on its own port with test credentials and pointed at the fake Bilibili upstream
 * (packages/fake-bilibili, also started here), so Bilibili links resolve, play natively through
 * our proxy and carry danmaku with no internet. The official embed player is still answered by a
 * stand-in inside the browser (`stubBilibiliEmbed`). The browser is Debian's Chromium when
 * present; this suite never downloads a browser.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 5099);
/** The stand-in media host for direct media URLs (support/media-server.mjs). */
export const E2E_MEDIA_PORT = Number(process.env.E2E_MEDIA_PORT ?? 5098);
export const SAMPLE_MEDIA_URL = `http://127.0.0.1:${E2E_MEDIA_PORT}/sample-h264.mp4`;
/** The fake Bilibili upstream (packages/fake-bilibili): API, CDN and danmaku on loopback. */
export const E2E_FAKE_BILIBILI_PORT = Number(process.env.E2E_FAKE_BILIBILI_PORT ?? 5097);
const FAKE_BILIBILI = `http://127.0.0.1:${E2E_FAKE_BILIBILI_PORT}`;
export const E2E_PASSWORD = 'e2e-shared-password';
export const E2E_USERS = 'alice:alice-e2e,bob:bob-e2e';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
/** Launch options for Debian's Chromium (when installed) with the flags that work on this machine. */
export function chromiumLaunchOptions(extraArgs: string[] = []) {
	return {
		...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			...extraArgs,
		],
	};
}

const serverEntry = fileURLToPath(new URL('../server/dist/server.js', import.meta.url));
/** Every run starts from an empty store (rooms and chat from earlier runs would leak into it). */
const dataDir = mkdtempSync(join(tmpdir(), 'vt-e2e-'));

export default defineConfig({
	testDir: './specs',
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	outputDir: 'test-results',
	use: {
		baseURL: `http://127.0.0.1:${E2E_PORT}`,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		...devices['Desktop Chrome'],
		launchOptions: chromiumLaunchOptions(),
	},
	webServer: [
		{
			command: `node support/media-server.mjs ${E2E_MEDIA_PORT}`,
			url: `http://127.0.0.1:${E2E_MEDIA_PORT}/healthz`,
			reuseExistingServer: false,
			timeout: 60_000,
		},
		{
			// Bilibili links resolve against it: native DASH through our proxy, short links, danmaku.
			command: 'pnpm --silent --filter @videotogether/fake-bilibili start',
			url: `${FAKE_BILIBILI}/x/web-interface/nav`,
			reuseExistingServer: false,
			// A cold start generates its media with ffmpeg first (~5–11 s).
			timeout: 90_000,
			stdout: 'ignore',
			stderr: 'pipe',
			env: { FAKE_BILIBILI_PORT: String(E2E_FAKE_BILIBILI_PORT) },
		},
		{
			command: `node ${JSON.stringify(serverEntry)}`,
			url: `http://127.0.0.1:${E2E_PORT}/healthz`,
			reuseExistingServer: false,
			timeout: 30_000,
			stdout: 'ignore',
			stderr: 'pipe',
			env: {
				APP_HOST: '127.0.0.1',
				APP_PORT: String(E2E_PORT),
				APP_SHARED_PASSWORD: E2E_PASSWORD,
				APP_USERS: E2E_USERS,
				APP_LOG_LEVEL: 'warn',
				APP_ENV_FILE: '/dev/null',
				APP_DATA_DIR: dataDir,
				BILIBILI_API_BASE: FAKE_BILIBILI,
				BILIBILI_SHORTLINK_BASE: FAKE_BILIBILI,
				BILIBILI_CDN_HOSTS: `127.0.0.1:${E2E_FAKE_BILIBILI_PORT}`,
				// The fake's "PCDN" host: kept off the CDN list, as in production.
				BILIBILI_PCDN_HOSTS: 'localhost',
			},
		},
	],
});
