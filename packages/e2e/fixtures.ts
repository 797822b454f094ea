/**
 * Shared e2e helpers: log in through the real login screen, and keep the browser off the real
 * Bilibili (unreachable here): the official embed player is answered by a small local stand-in.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { E2E_PASSWORD } from './playwright.config.js';

const EMBED_STUB = `<!doctype html><meta charset="utf-8"><title>embed stand-in</title>
<body style="margin:0;background:#111;color:#eee;font:14px sans-serif;display:grid;place-items:center">
<p id="stub">Bilibili embed stand-in: <span id="src"></span></p>
<script>document.getElementById('src').textContent = location.search;</script></body>`;

/** Answer every request to the Bilibili player with the stand-in page. */
export async function stubBilibiliEmbed(context: BrowserContext): Promise<void> {
	await context.route('https://player.bilibili.com/**', (route) =>
		route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: EMBED_STUB }),
	);
}

/** Log in with the shared password and a display name through the login page. */
export async function loginShared(page: Page, name: string, next = '/'): Promise<void> {
	await page.goto(next);
	await expect(page).toHaveURL(/\/login/);
	await page.getByTestId('login-password').fill(E2E_PASSWORD);
	await page.getByTestId('login-name').fill(name);
	await page.getByTestId('login-submit').click();
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-connected', 'true');
}

/** The status (`playing` / `paused` / `idle`) the page shows. */
export function playbackStatus(page: Page) {
	return page.getByTestId('playback-status');
}

/** The position the page currently estimates, in ms. */
export async function positionMs(page: Page): Promise<number> {
	const raw = await page.getByTestId('playback-position').getAttribute('data-position-ms');
	return Number(raw);
}
