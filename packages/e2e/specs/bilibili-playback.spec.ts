/**
 * Bilibili playback against the fake upstream (packages/fake-bilibili, started by the config): a
 * BV link plays natively (DASH through our proxy) and in sync for two viewers, with the video's
 * own danmaku; a risk-controlled video stays on the embed with the reason shown to everyone; a
 * multi-part video offers its parts (分P) and switching part switches it for everyone. Each test
 * has its own room. Reserved ids: packages/fake-bilibili/README.md.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { loginShared, stubBilibiliEmbed } from '../fixtures.js';
import { chromiumLaunchOptions, SAMPLE_MEDIA_URL } from '../playwright.config.js';

test.use({ launchOptions: chromiumLaunchOptions(['--autoplay-policy=no-user-gesture-required']) });

/** 1 part, playurl OK. */
const SINGLE = 'https://www.bilibili.com/video/BV1y7411Q7Eq';
/** 3 parts (P1 第一话「出发」, P2 第二话「相遇」, P3 第三话「再见」). */
const MULTI = 'https://www.bilibili.com/video/BV17x411w7KC';
/** view OK, playurl answers HTTP 412 (risk control). */
const RISK = 'https://www.bilibili.com/video/BV1nx411c7G6';

const TOLERANCE_MS = 100;

interface Viewer {
	context: BrowserContext;
	page: Page;
}

const contexts: BrowserContext[] = [];

test.afterEach(async () => {
	await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function viewer(
	browser: Browser,
	name: string,
	locale = 'zh-CN',
	{ stubEmbed = true } = {},
): Promise<Viewer> {
	const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale });
	contexts.push(context);
	// The official embed (the fallback) is a local stand-in: the real one is unreachable here.
	// (Routing turns Chromium's HTTP cache off, so tests of caching go without it.)
	if (stubEmbed) await stubBilibiliEmbed(context);
	await context.addInitScript((lang) => localStorage.setItem('vt.locale', lang), locale);
	const page = await context.newPage();
	await loginShared(page, name);
	return { context, page };
}

/** A fresh room, created by `page`'s user; everyone then opens `/r/<id>`. */
async function createRoom(page: Page, name: string): Promise<string> {
	const created = await page.request.post('/api/rooms', { data: { name } });
	expect(created.ok()).toBe(true);
	const { room } = (await created.json()) as { room: { id: string } };
	return room.id;
}

async function enter(page: Page, roomId: string): Promise<void> {
	await page.goto(`/r/${roomId}`);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-connected', 'true');
}

async function load(page: Page, url: string): Promise<void> {
	await page.getByTestId('link-input').fill(url);
	await page.getByTestId('link-submit').click();
}

interface Sample {
	wallMs: number;
	mediaMs: number;
	paused: boolean;
}

async function sample(page: Page): Promise<Sample> {
	return page.evaluate(() => {
		const video = document.querySelector<HTMLVideoElement>('[data-testid="player-video"]');
		return {
			wallMs: performance.timeOrigin + performance.now(),
			mediaMs: video ? video.currentTime * 1000 : Number.NaN,
			paused: video ? video.paused : true,
		};
	});
}

/** Largest difference between the viewers' positions, corrected to a common wall-clock instant. */
async function spreadMs(pages: Page[]): Promise<number> {
	const samples = await Promise.all(pages.map(sample));
	if (samples.some((s) => Number.isNaN(s.mediaMs) || s.paused)) return Number.POSITIVE_INFINITY;
	const ref = samples[0]?.wallMs ?? 0;
	const aligned = samples.map((s) => s.mediaMs - (s.wallMs - ref));
	return Math.max(...aligned) - Math.min(...aligned);
}

test('a BV link plays natively through our proxy, in sync for two viewers, with its danmaku', async ({
	browser,
}) => {
	const [a, b] = await Promise.all([viewer(browser, 'Nia'), viewer(browser, 'Nate')]);
	const roomId = await createRoom(a.page, 'E2E native');
	await Promise.all([enter(a.page, roomId), enter(b.page, roomId)]);
	await load(a.page, SINGLE);

	for (const { page } of [a, b]) {
		const badge = page.getByTestId('playback-mode');
		await expect(badge).toHaveAttribute('data-mode', 'native');
		await expect(badge).toHaveAttribute('data-reason', '');
		await expect(badge).toContainText('原生播放');
		// Our own <video> on MSE (dash.js), fed by the same-origin manifest.
		const video = page.getByTestId('player-video');
		await expect(video).toHaveAttribute('data-mode', 'native');
		await expect
			.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentSrc), { timeout: 15_000 })
			.toMatch(/^blob:/);
		await expect
			.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 })
			.toBeGreaterThanOrEqual(2);
		// No single-part picker.
		await expect(page.getByTestId('part-picker')).toHaveCount(0);
	}

	// Bilibili's own danmaku, on for Nate before the start.
	const bili = b.page.getByTestId('toggle-bili-danmaku');
	await expect(bili).toBeEnabled();
	await bili.check();
	await expect(b.page.getByTestId('toggle-danmaku')).toBeChecked();
	await expect(bili).toHaveAttribute('data-state', 'ready');
	expect(Number(await bili.getAttribute('data-count'))).toBeGreaterThan(0);

	await a.page.getByTestId('control-play').click();
	for (const { page } of [a, b]) {
		await expect(page.getByTestId('playback-status')).toHaveAttribute('data-status', 'playing');
		await expect
			.poll(async () => (await sample(page)).mediaMs, { timeout: 10_000 })
			.toBeGreaterThan(500);
	}
	await expect
		.poll(() => spreadMs([a.page, b.page]), { timeout: 8_000, intervals: [200] })
		.toBeLessThan(TOLERANCE_MS);

	// The video's danmaku fly over the picture for Nate (not for Nia, who left danmaku off).
	await expect(
		b.page.getByTestId('player-frame').getByTestId('danmaku-item').first(),
	).toBeVisible();
	await expect(a.page.getByTestId('danmaku-item')).toHaveCount(0);
});

test('a risk-controlled video falls back to the embed, with the reason shown to everyone', async ({
	browser,
}) => {
	const [zh, en] = await Promise.all([
		viewer(browser, 'Ria', 'zh-CN'),
		viewer(browser, 'Rob', 'en'),
	]);
	const roomId = await createRoom(zh.page, 'E2E risk');
	await Promise.all([enter(zh.page, roomId), enter(en.page, roomId)]);
	await load(zh.page, RISK);

	for (const { page } of [zh, en]) {
		const badge = page.getByTestId('playback-mode');
		await expect(badge).toHaveAttribute('data-mode', 'embed');
		await expect(badge).toHaveAttribute('data-reason', 'risk_controlled');
		await expect(badge).toHaveAttribute('data-resolving', 'false');
		await expect(page.getByTestId('player-iframe')).toBeVisible();
		await expect(page.getByTestId('player-video')).toHaveCount(0);
		// Bilibili's danmaku are the embed's own business.
		await expect(page.getByTestId('toggle-bili-danmaku')).toBeDisabled();
	}

	// Why, on hover (translated)…
	const zhBadge = zh.page.getByTestId('playback-mode');
	await expect(zhBadge).toContainText('嵌入 · 松散同步 ±1–2 秒');
	const zhTip = zh.page.getByTestId('playback-mode-tip');
	await expect(zhTip).toBeHidden();
	await zhBadge.hover();
	await expect(zhTip).toBeVisible();
	await expect(zh.page.getByTestId('playback-mode-reason')).toHaveText(
		'原因：哔哩哔哩暂时拒绝了我们的请求（风控）。',
	);

	// …and on keyboard focus.
	const enBadge = en.page.getByTestId('playback-mode');
	await expect(enBadge).toContainText('Embed · loose sync ±1–2 s');
	const enTip = en.page.getByTestId('playback-mode-tip');
	await expect(enTip).toBeHidden();
	await enBadge.getByRole('button').focus();
	await expect(enTip).toBeVisible();
	await expect(en.page.getByTestId('playback-mode-reason')).toHaveText(
		'Why: Bilibili is temporarily refusing our requests (risk control).',
	);
	await en.page.keyboard.press('Escape');
	await expect(enTip).toBeHidden();
});

test('a multi-part video offers its parts, and switching part switches it for everyone', async ({
	browser,
}) => {
	const [a, b] = await Promise.all([viewer(browser, 'Pia'), viewer(browser, 'Pat')]);
	const roomId = await createRoom(a.page, 'E2E parts');
	await Promise.all([enter(a.page, roomId), enter(b.page, roomId)]);
	await load(a.page, MULTI);

	for (const { page } of [a, b]) {
		const picker = page.getByTestId('part-picker');
		await expect(picker).toBeVisible();
		await expect(picker).toHaveValue('1');
		await expect(picker.locator('option')).toHaveText([
			'P1 第一话「出发」（00:10）',
			'P2 第二话「相遇」（00:10）',
			'P3 第三话「再见」（00:10）',
		]);
		await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'native');
	}

	// Pat switches to part 2: Pia's room follows (a new item, resolved again).
	await b.page.getByTestId('part-picker').selectOption('2');
	for (const { page } of [a, b]) {
		await expect(page.getByTestId('part-picker')).toHaveValue('2');
		await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'native');
		await expect(page.getByTestId('player-video')).toHaveAttribute('data-mode', 'native');
	}
	await expect(a.page.getByTestId('playback-actor')).toContainText('Pat');

	// Pia queues part 3 from the menu: Pat sees it in the queue.
	await a.page.getByTestId('part-enqueue').click();
	await a.page.getByTestId('part-enqueue-item').filter({ hasText: 'P3' }).click();
	await expect(a.page.getByTestId('part-note')).toContainText('P3');
	await b.page.getByTestId('panel-tab-queue').click();
	await expect(b.page.getByTestId('queue-item')).toHaveCount(1);
	await expect(b.page.getByTestId('queue-item-title')).toContainText(/BV17x411w7KC|第三话/);
});

test('a queued BV item is resolved and its first bytes buffered before its turn', async ({
	browser,
}) => {
	const a = await viewer(browser, 'Quinn', 'zh-CN', { stubEmbed: false });
	const roomId = await createRoom(a.page, 'E2E prepared queue');
	await enter(a.page, roomId);
	await load(a.page, SAMPLE_MEDIA_URL);
	await expect(a.page.getByTestId('player-video')).toBeVisible();
	await a.page.getByTestId('control-play').click();
	await expect(a.page.getByTestId('playback-status')).toHaveAttribute('data-status', 'playing');

	// Everything this page fetches for the queued video (its proxy tokens name the BV id), and
	// whether Chromium answered it from its HTTP cache (no routing in this context: it turns the cache off).
	const cdp = await a.context.newCDPSession(a.page);
	await cdp.send('Network.enable');
	const requests = new Map<string, { url: string; range: string; cached: boolean }>();
	cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
		if (request.url.includes('/api/bili/media/') && request.url.includes('BV1y7411Q7Eq')) {
			requests.set(requestId, {
				url: request.url,
				range: request.headers.Range ?? request.headers.range ?? '',
				cached: false,
			});
		}
	});
	cdp.on('Network.responseReceived', ({ requestId, response }) => {
		const r = requests.get(requestId);
		if (r && response.fromDiskCache) r.cached = true;
	});

	await a.page.getByTestId('panel-tab-queue').click();
	await a.page.getByTestId('queue-input').fill(SINGLE);
	await a.page.getByTestId('queue-add').click();
	await expect(a.page.getByTestId('queue-item')).toHaveCount(1);
	// While the current item plays, the page warms the next one: heads and first segments.
	await expect.poll(() => requests.size, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
	await expect
		.poll(() => [...requests.values()].filter((r) => !r.range.startsWith('bytes=0-')).length)
		.toBeGreaterThanOrEqual(2);
	const warmed = new Set([...requests.values()].map((r) => `${r.url} ${r.range}`));

	// Its turn: it starts on the native player at once, reading what was warmed from the cache.
	const before = requests.size;
	await a.page.getByTestId('queue-next').click();
	await expect(a.page.getByTestId('player-video')).toHaveAttribute('data-mode', 'native');
	await expect
		.poll(() => a.page.getByTestId('player-video').evaluate((v: HTMLVideoElement) => v.readyState))
		.toBeGreaterThanOrEqual(2);
	const played = [...requests.values()].slice(before);
	const reused = played.filter((r) => warmed.has(`${r.url} ${r.range}`));
	expect(reused.length).toBeGreaterThan(0);
	expect(reused.every((r) => r.cached)).toBe(true);
});
