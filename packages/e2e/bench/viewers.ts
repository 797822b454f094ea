/**
 * Viewers: one browser context + page each, logged in through the real login page, with the
 * frame sampler injected. Their recorded frames, video events and control actions are pulled into
 * Node and kept on wall-clock time.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { SAMPLER_SCRIPT, type SamplerBatch, type SamplerState } from './sampler.js';
import { log, sleep, withTimeout } from './processes.js';
import type { Frame, TimelinePoint } from './stats.js';

export const VIEWPORT = { width: 480, height: 270 };

export interface VideoEvent {
	type: string;
	wallMs: number;
	mediaMs: number;
	rate: number;
}

export interface Viewer {
	name: string;
	context: BrowserContext;
	page: Page;
	baseUrl: string;
	frames: Frame[];
	/** `currentTime` samples (continuous media clock) while playing. */
	clock: Frame[];
	/** Points on the room's timeline (server time = wall time: the server runs here). */
	timeline: TimelinePoint[];
	events: VideoEvent[];
	actions: { type: string; testId: string; wallMs: number }[];
	firstCanplayWall: number | null;
	firstFrameWall: number | null;
	/** Largest clock re-calibration difference seen, ms. */
	maxSkewMs: number;
}

/** Open a page for `name`, log in with the shared password, wait for the socket to connect. */
export async function openViewer(
	browser: Browser,
	baseUrl: string,
	name: string,
	password: string,
): Promise<Viewer> {
	try {
		return await tryOpenViewer(browser, baseUrl, name, password);
	} catch (error) {
		// One more try: on a busy 2-core machine a page can miss a 10 s budget once.
		log(`  ${String(error).split('\n')[0]} — retrying once`);
		return tryOpenViewer(browser, baseUrl, name, password);
	}
}

async function tryOpenViewer(
	browser: Browser,
	baseUrl: string,
	name: string,
	password: string,
): Promise<Viewer> {
	const context = await browser.newContext({ viewport: VIEWPORT, baseURL: baseUrl });
	const viewer: Viewer = {
		name,
		context,
		page: await context.newPage(),
		baseUrl,
		frames: [],
		clock: [],
		timeline: [],
		events: [],
		actions: [],
		firstCanplayWall: null,
		firstFrameWall: null,
		maxSkewMs: 0,
	};
	try {
		await context.addInitScript({ content: SAMPLER_SCRIPT });
		const { page } = viewer;
		page.on('pageerror', (error) => log(`${name}: page error: ${error.message}`));
		await page.goto('/', { timeout: 30_000 });
		await page.waitForURL(/\/login/, { timeout: 15_000 });
		await page.getByTestId('login-password').fill(password, { timeout: 10_000 });
		await page.getByTestId('login-name').fill(name, { timeout: 10_000 });
		await page.getByTestId('login-submit').click({ timeout: 10_000 });
		await page
			.locator('[data-testid="connection-status"][data-connected="true"]')
			.waitFor({ timeout: 20_000 });
	} catch (error) {
		const where = await viewer.page
			.evaluate('location.pathname + " | " + document.body.innerText.slice(0, 160)')
			.catch(() => 'page unreadable');
		await context.close().catch(() => undefined);
		throw new Error(`${name} could not log in at ${baseUrl} (${String(where)}): ${String(error)}`, {
			cause: error,
		});
	}
	return viewer;
}

export async function closeViewer(viewer: Viewer): Promise<void> {
	await withTimeout(`closing ${viewer.name}`, 10_000, () => viewer.context.close()).catch(
		(error: unknown) => log(String(error)),
	);
}

/** Insert keeping `frames` sorted by wall time (they almost always arrive in order). */
function addFrame(frames: Frame[], frame: Frame): void {
	let i = frames.length;
	while (i > 0 && (frames[i - 1] as Frame).wallMs > frame.wallMs) i -= 1;
	frames.splice(i, 0, frame);
}

/** Fetch what the page recorded since the last pull. */
export async function pull(viewer: Viewer): Promise<void> {
	const batch = (await withTimeout(`pulling samples from ${viewer.name}`, 10_000, () =>
		viewer.page.evaluate('window.__bench ? window.__bench.take() : null'),
	)) as SamplerBatch | null;
	if (batch === null) return;
	const wall = (t: number) => batch.toWall + t;
	for (const [t, mediaMs, rate] of batch.frames) {
		addFrame(viewer.frames, { wallMs: wall(t), mediaMs, rate });
	}
	for (const [t, mediaMs, rate] of batch.clock) {
		addFrame(viewer.clock, { wallMs: wall(t), mediaMs, rate });
	}
	for (const [serverMs, expectedMs] of batch.timeline)
		viewer.timeline.push({ serverMs, expectedMs });
	for (const [type, t, mediaMs, rate] of batch.events) {
		viewer.events.push({ type, wallMs: wall(t), mediaMs, rate });
	}
	for (const [type, testId, t] of batch.actions) {
		viewer.actions.push({ type, testId, wallMs: wall(t) });
	}
	if (batch.firstCanplay !== null) viewer.firstCanplayWall ??= wall(batch.firstCanplay);
	if (batch.firstFrame !== null) viewer.firstFrameWall ??= wall(batch.firstFrame);
	viewer.maxSkewMs = Math.max(viewer.maxSkewMs, Math.abs(batch.skew));
}

export async function pullAll(viewers: readonly Viewer[]): Promise<void> {
	await Promise.all(viewers.map((viewer) => pull(viewer)));
}

export async function videoState(viewer: Viewer): Promise<SamplerState> {
	return (await withTimeout(`reading ${viewer.name}'s video`, 10_000, () =>
		viewer.page.evaluate('window.__bench ? window.__bench.state() : { present: false }'),
	)) as SamplerState;
}

/** Poll every viewer until `pred` holds for all of them; throws after `timeoutMs`. */
export async function waitForAll(
	viewers: readonly Viewer[],
	what: string,
	pred: (state: SamplerState) => boolean,
	timeoutMs: number,
): Promise<SamplerState[]> {
	const deadline = Date.now() + timeoutMs;
	let states: SamplerState[] = [];
	while (Date.now() < deadline) {
		states = await Promise.all(viewers.map((viewer) => videoState(viewer)));
		if (states.every(pred)) return states;
		await sleep(200);
	}
	const detail = states.map((s, i) => `${viewers[i]?.name}: ${JSON.stringify(s)}`).join('; ');
	throw new Error(`timed out after ${timeoutMs} ms waiting until ${what} (${detail})`);
}

/** The latest recorded click/change on `testId` at or after `afterMs`, else `fallback`. */
export function actionTime(
	viewer: Viewer,
	testId: string,
	afterMs: number,
	fallback: number,
): number {
	const found = viewer.actions.filter((a) => a.testId === testId && a.wallMs >= afterMs - 5);
	return found.length ? Math.max(...found.map((a) => a.wallMs)) : fallback;
}

/** Load `mediaUrl` for the room through `POST /video` with the viewer's session. */
export async function loadMedia(viewer: Viewer, mediaUrl: string): Promise<void> {
	const response = await viewer.page.request.post(new URL('/video', viewer.baseUrl).href, {
		data: { url: mediaUrl },
		timeout: 15_000,
	});
	if (!response.ok()) {
		throw new Error(`POST /video answered ${response.status()}: ${await response.text()}`);
	}
}

/** Perform `act` on the controller and return when it happened (wall ms), as the page saw it. */
export async function command(
	viewer: Viewer,
	testId: string,
	act: (page: Page) => Promise<void>,
): Promise<number> {
	const before = Date.now();
	await act(viewer.page);
	await pull(viewer);
	return actionTime(viewer, testId, before, before);
}

/** Choose `rate` in the rate select, whichever way its option values are spelled. */
export async function selectRate(page: Page, rate: number): Promise<void> {
	const select = page.getByTestId('control-rate');
	const values = await select
		.locator('option')
		.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
	const value = values.find((v) => Math.abs(Number.parseFloat(v) - rate) < 1e-6);
	if (value === undefined) throw new Error(`no ${rate}× option in control-rate (${values})`);
	await select.selectOption(value, { timeout: 5_000 });
}
