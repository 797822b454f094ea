/**
 * The sync engine end to end: several Chromium viewers on a local H.264 file stay together through
 * play, pause, seek, rate changes, a late join, a reload and a throttled viewer. Convergence is
 * asserted by polling (never by timing): each viewer's `video.currentTime`, read at the same
 * moment, must end up within 100 ms of the others.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { loginShared } from '../fixtures.js';
import { chromiumLaunchOptions, SAMPLE_MEDIA_URL } from '../playwright.config.js';

test.describe.configure({ mode: 'serial' });
test.use({ launchOptions: chromiumLaunchOptions(['--autoplay-policy=no-user-gesture-required']) });

const TOLERANCE_MS = 100;

interface Sample {
	wallMs: number;
	mediaMs: number;
	paused: boolean;
	rate: number;
}

async function sample(page: Page): Promise<Sample> {
	return page.evaluate(() => {
		const video = document.querySelector<HTMLVideoElement>('[data-testid="player-video"]');
		return {
			wallMs: performance.timeOrigin + performance.now(),
			mediaMs: video ? video.currentTime * 1000 : Number.NaN,
			paused: video ? video.paused : true,
			rate: video ? video.playbackRate : 0,
		};
	});
}

/** Largest difference between viewers' media positions, corrected to a common wall-clock instant. */
async function spreadMs(pages: Page[], roomRate: number): Promise<number> {
	const samples = await Promise.all(pages.map(sample));
	if (samples.some((s) => Number.isNaN(s.mediaMs))) return Number.POSITIVE_INFINITY;
	const ref = samples[0]?.wallMs ?? 0;
	const aligned = samples.map((s) => s.mediaMs - (s.paused ? 0 : (s.wallMs - ref) * roomRate));
	return Math.max(...aligned) - Math.min(...aligned);
}

async function expectConverged(pages: Page[], roomRate = 1, paused = false): Promise<void> {
	await expect
		.poll(async () => (await Promise.all(pages.map(sample))).every((s) => s.paused === paused), {
			timeout: 15_000,
		})
		.toBe(true);
	await expect
		.poll(() => spreadMs(pages, roomRate), { timeout: 15_000, intervals: [200] })
		.toBeLessThan(TOLERANCE_MS);
}

async function viewer(
	browser: Browser,
	name: string,
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 960, height: 640 } });
	const page = await context.newPage();
	await loginShared(page, name);
	return { context, page };
}

let contexts: BrowserContext[] = [];
let pages: Page[] = [];

test.beforeAll(async ({ browser }) => {
	const viewers = await Promise.all(['Ann', 'Bo', 'Cy'].map((n) => viewer(browser, n)));
	contexts = viewers.map((v) => v.context);
	pages = viewers.map((v) => v.page);
	const [a] = pages as [Page];
	await a.getByTestId('link-input').fill(SAMPLE_MEDIA_URL);
	await a.getByTestId('link-submit').click();
	for (const page of pages) await expect(page.getByTestId('player-video')).toBeVisible();
});

test.afterAll(async () => {
	await Promise.all(contexts.map((c) => c.close()));
});

test('play starts everyone together', async () => {
	const [a] = pages as [Page];
	await a.getByTestId('control-play').click();
	for (const page of pages)
		await expect(page.getByTestId('playback-status')).toHaveAttribute('data-status', 'playing');
	await expectConverged(pages);
});

test('a seek by another viewer moves everyone', async () => {
	const b = pages[1] as Page;
	await b.getByTestId('control-seek').fill('45000');
	await expect
		.poll(async () => (await sample(pages[0] as Page)).mediaMs, { timeout: 10_000 })
		.toBeGreaterThan(44_000);
	await expectConverged(pages);
});

test('a rate change (倍速) applies to everyone', async () => {
	const c = pages[2] as Page;
	await c.getByTestId('control-rate').selectOption('1.5');
	for (const page of pages) {
		await expect
			.poll(async () => (await sample(page)).rate, { timeout: 10_000 })
			.toBeGreaterThan(1.3);
	}
	await expectConverged(pages, 1.5);
	await c.getByTestId('control-rate').selectOption('1');
	await expectConverged(pages, 1);
});

test('pause stops everyone on the same frame, play resumes together', async () => {
	const a = pages[0] as Page;
	await a.getByTestId('control-play').click();
	await expectConverged(pages, 1, true);
	await a.getByTestId('control-play').click();
	await expectConverged(pages);
});

test('a late joiner lands at the live position without pausing anyone', async ({ browser }) => {
	const late = await viewer(browser, 'Late');
	contexts.push(late.context);
	const everyone = [...pages, late.page];
	await expect(late.page.getByTestId('player-video')).toBeVisible();
	await expectConverged(everyone);
	for (const page of pages) expect((await sample(page)).paused).toBe(false);
	pages = everyone;
});

test('a viewer reloading mid-play comes back in sync', async () => {
	const b = pages[1] as Page;
	await b.reload();
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-connected', 'true');
	await expectConverged(pages);
});

test('a throttled viewer (slow CPU and network) is kept in sync', async () => {
	const c = pages[2] as Page;
	const cdp = await c.context().newCDPSession(c);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 150,
		downloadThroughput: 400_000,
		uploadThroughput: 100_000,
	});
	await (pages[0] as Page).getByTestId('control-seek').fill('80000');
	await expectConverged(pages);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
});
