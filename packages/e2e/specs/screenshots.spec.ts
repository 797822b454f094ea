/**
 * Screenshots of the pages people judge the product by, at phone and desktop sizes, in Chinese
 * and English: login, the room list, an empty room, a playing room with chat and danmaku (light
 * and dark), the viewers and queue tabs, the waiting-for-buffering overlay, the autoplay-blocked
 * overlay and the 404 page. Written to
 * packages/e2e/screenshots/<lang>-<size>-<name>.png (gitignored) for people to look at; each page
 * is also checked: in one language, no sideways overflow, main controls inside the viewport.
 *
 * Forcing the two overlays: Bob's browser only ever gets the first part of the video (later byte
 * ranges hang), so when the room jumps past it he really buffers and the room waits for him.
 * Carol's browser applies Chrome's desktop autoplay rule (sound needs an earlier tap on the page),
 * so joining a playing room asks for her tap.
 */
import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';
import { chromiumLaunchOptions, SAMPLE_MEDIA_URL } from '../playwright.config.js';
import {
	createRoom,
	enterRoom,
	expectLabelledControls,
	expectLanguage,
	expectNoHorizontalOverflow,
	expectWithinViewport,
	LANGS,
	signedInContext,
	snap,
	type Lang,
	useScheme,
} from './ui-checks.js';

test.use({ launchOptions: chromiumLaunchOptions(['--autoplay-policy=no-user-gesture-required']) });
test.describe.configure({ timeout: 120_000 });

const SIZES = {
	phone: { width: 360, height: 740 },
	desktop: { width: 1440, height: 900 },
} as const;
type Size = keyof typeof SIZES;

/** People and what they say, per language (content looks like what real rooms carry). */
const CAST = {
	'zh-CN': {
		alice: '小红',
		bob: '阿明',
		carol: '小李',
		room: '周五电影夜',
		lines: ['晚上好！终于更新了', '前方高能 ⚡', '哈哈哈哈哈', '这段配乐太好听了'],
	},
	en: {
		alice: 'Alice',
		bob: 'Bob',
		carol: 'Carol',
		room: 'Friday movie night',
		lines: [
			'Evening! Finally a new episode',
			'Here comes the good part',
			'hahaha',
			'Love this soundtrack',
		],
	},
} as const;

/**
 * Bob's network delivers the video up to here, never beyond: about the first 50 s, far more than
 * the room plays before it jumps to 1:40 (running out earlier would spend his one wait too soon).
 */
const BOB_BYTES = 3_000_000;

/**
 * Chrome's autoplay rule for desktop sites: playback with sound starts only once the person has
 * interacted with the page (a tap, a click, a key). Headless Chromium counts the test's own
 * navigation as that, so the rule is applied here from real input events.
 */
async function refuseAutoplay(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		let interacted = false;
		for (const type of ['pointerdown', 'keydown']) {
			addEventListener(type, (event) => (interacted ||= event.isTrusted), { capture: true });
		}
		const play = HTMLMediaElement.prototype.play;
		HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
			if (this.muted || interacted) return play.call(this);
			return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
		};
	});
}

/** Serves the video to this context only up to `BOB_BYTES`; later ranges hang. */
async function capMedia(context: BrowserContext): Promise<void> {
	await context.route(SAMPLE_MEDIA_URL, async (route: Route) => {
		const range = /bytes=(\d+)-(\d*)/.exec(route.request().headers()['range'] ?? '');
		const start = range ? Number(range[1]) : 0;
		if (start >= BOB_BYTES) return; // Held: this viewer's connection has stalled.
		const end = Math.min(range?.[2] ? Number(range[2]) : BOB_BYTES - 1, BOB_BYTES - 1);
		const response = await route.fetch({
			headers: { ...route.request().headers(), range: `bytes=${start}-${end}` },
		});
		await route.fulfill({ response });
	});
}

async function say(page: Page, text: string): Promise<void> {
	const input = page.getByTestId('chat-input');
	await input.fill(text);
	await input.press('Enter');
	await expect(input).toHaveValue('');
	await expect(page.getByTestId('chat-message').filter({ hasText: text }).last()).toHaveAttribute(
		'data-state',
		'sent',
	);
}

/** The checks every screenshot gets. */
async function checkPage(page: Page, lang: Lang): Promise<void> {
	await expectLanguage(page, lang);
	await expectNoHorizontalOverflow(page);
	await expectLabelledControls(page);
}

/** The room's main controls: reachable, inside the viewport. */
async function checkRoomControls(page: Page): Promise<void> {
	await expectWithinViewport(page, [
		page.getByTestId('link-input'),
		page.getByTestId('control-play'),
		page.getByTestId('control-seek'),
		page.getByTestId('control-rate'),
		page.getByTestId('control-fullscreen'),
		page.getByTestId('toggle-danmaku'),
		page.getByTestId('panel-tab-chat'),
		page.getByTestId('chat-input'),
	]);
}

for (const lang of LANGS) {
	for (const size of Object.keys(SIZES) as Size[]) {
		test(`${lang} ${size}: login, rooms, overlays`, async ({ browser }) => {
			const cast = CAST[lang];
			const name = (shot: string) => `${lang}-${size}-${shot}`;
			const options = { locale: lang, viewport: SIZES[size], colorScheme: 'light' } as const;
			const contexts: BrowserContext[] = [];
			let roomId: string | null = null;
			try {
				// Login: the language comes from the browser.
				const aliceContext = await browser.newContext(options);
				contexts.push(aliceContext);
				const alice = await aliceContext.newPage();
				await alice.goto('/');
				await expect(alice).toHaveURL(/\/login/);
				await expect(alice.getByTestId('login-submit')).toHaveText(
					lang === 'en' ? 'Enter' : '进入',
				);
				await checkPage(alice, lang);
				await expectWithinViewport(alice, [
					alice.getByTestId('login-password'),
					alice.getByTestId('login-name'),
					alice.getByTestId('login-submit'),
					alice.getByTestId('lang-switch'),
				]);
				await snap(alice, name('login'));
				await useScheme(alice, 'dark');
				await snap(alice, name('login-dark'));
				await useScheme(alice, 'light');
				await alice.getByTestId('login-password').fill('e2e-shared-password');
				await alice.getByTestId('login-name').fill(cast.alice);
				await alice.getByTestId('login-submit').click();
				await expect(alice.getByTestId('connection-status')).toHaveAttribute(
					'data-connected',
					'true',
				);

				// The room list (with the room just made), then the room itself, empty.
				roomId = await createRoom(aliceContext, `${cast.room} ${size}`);
				await alice.getByTestId('nav-rooms').click();
				await expect(
					alice.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`),
				).toBeVisible();
				await checkPage(alice, lang);
				await expectWithinViewport(alice, [
					alice.getByTestId('room-create-name'),
					alice.getByTestId('room-create-submit'),
					alice.getByTestId('room-link').first(),
				]);
				// What the list looks like on arrival (it grows with every room other specs leave).
				await snap(alice, name('rooms'), { fullPage: false });
				await enterRoom(alice, roomId);
				await expect(alice.getByTestId('player-empty')).toBeVisible();
				await expect(alice.getByTestId('chat-list')).toBeVisible();
				await checkPage(alice, lang);
				await checkRoomControls(alice);
				await snap(alice, name('room-empty'));

				// Bob joins (from a laptop); Alice loads a video and plays it.
				const bobContext = await signedInContext(browser, cast.bob, {
					locale: lang,
					viewport: { width: 1100, height: 720 },
				});
				contexts.push(bobContext);
				await capMedia(bobContext);
				const bob = await bobContext.newPage();
				await enterRoom(bob, roomId);
				await alice.getByTestId('link-input').fill(SAMPLE_MEDIA_URL);
				await alice.getByTestId('link-submit').click();
				await expect(alice.getByTestId('player-video')).toBeVisible();
				await alice.getByTestId('control-play').click();
				for (const page of [alice, bob]) {
					await expect(page.getByTestId('playback-status')).toHaveAttribute(
						'data-status',
						'playing',
					);
				}
				// Both players have played (Bob counts for the buffering barrier from now on).
				await expect(alice.locator('[data-testid="member"][data-status="ready"]')).toHaveCount(2);

				// Carol's browser refuses autoplay: she is asked to tap to join.
				const carolContext = await signedInContext(browser, cast.carol, options);
				contexts.push(carolContext);
				await refuseAutoplay(carolContext);
				const carol = await carolContext.newPage();
				await enterRoom(carol, roomId);
				const autoplay = carol.getByTestId('overlay-autoplay');
				await expect(autoplay).toBeVisible();
				await expect(carol.getByTestId('autoplay-join')).toBeInViewport();
				await checkPage(carol, lang);
				await snap(carol, name('overlay-autoplay'));

				// Chat, flying over the video as danmaku.
				await alice.getByTestId('toggle-danmaku').check();
				const [first, second, third, fourth] = cast.lines;
				await Promise.all([say(bob, first), say(alice, second)]);
				// One message a second per person.
				await alice.waitForTimeout(1_000);
				await Promise.all([say(bob, third), say(alice, fourth)]);
				const frame = alice.getByTestId('player-frame');
				await expect(frame.getByTestId('danmaku-item').first()).toBeVisible();
				await expect(alice.getByTestId('chat-message')).toHaveCount(4);
				await expect(alice.getByTestId('sync-indicator')).toHaveAttribute(
					'data-sync',
					/in-sync|correcting/,
				);
				await checkPage(alice, lang);
				await checkRoomControls(alice);
				await snap(alice, name('room-playing'));
				await useScheme(alice, 'dark');
				await snap(alice, name('room-playing-dark'));
				await useScheme(alice, 'light');

				// The viewers tab: host, statuses, drift.
				await alice.getByTestId('panel-tab-viewers').click();
				await expect(alice.getByTestId('presence')).toBeVisible();
				await expect(alice.getByTestId('member')).toHaveCount(3);
				await checkPage(alice, lang);
				await snap(alice, name('room-viewers'));

				// The queue tab, with something queued.
				await alice.getByTestId('panel-tab-queue').click();
				await alice.getByTestId('queue-input').fill(`${SAMPLE_MEDIA_URL}?next=1`);
				await alice.getByTestId('queue-add').click();
				await expect(alice.getByTestId('queue-item')).toHaveCount(1);
				await checkPage(alice, lang);
				await snap(alice, name('room-queue'));
				await alice.getByTestId('panel-tab-chat').click();

				// The room jumps past what Bob has: it waits for him, by name.
				await alice.getByTestId('control-seek').fill('100000');
				const waiting = alice.getByTestId('overlay-waiting');
				await expect(waiting).toBeVisible();
				await expect(alice.getByTestId('overlay-waiting-names')).toContainText(cast.bob);
				await snap(alice, name('overlay-waiting'));
				// Still waiting after the shot: the picture shows the overlay.
				await expect(waiting).toBeVisible();
				await checkPage(alice, lang);

				// A Bilibili video in parts (分P): played natively, with its mode badge and part picker.
				await alice.getByTestId('link-input').fill('https://www.bilibili.com/video/BV17x411w7KC');
				await alice.getByTestId('link-submit').click();
				await expect(alice.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'native');
				await expect(alice.getByTestId('player-video')).toHaveAttribute('data-mode', 'native');
				await expect(alice.getByTestId('part-picker')).toBeVisible();
				await expect(alice.getByTestId('part-picker')).toBeInViewport();
				// What flew over the last video left with it.
				for (const line of cast.lines) {
					await expect(frame.getByTestId('danmaku-item').filter({ hasText: line })).toHaveCount(0);
				}
				await checkPage(alice, lang);
				await snap(alice, name('room-bilibili'));

				// A page that does not exist.
				await alice.goto('/no/such/page');
				await expect(alice.getByRole('heading', { level: 1 })).toHaveText(
					lang === 'en' ? 'Page not found' : '页面不存在',
				);
				await checkPage(alice, lang);
				await snap(alice, name('not-found'));
			} finally {
				if (roomId !== null) await contexts[0]?.request.delete(`/api/rooms/${roomId}`);
				await Promise.all(contexts.map((c) => c.close()));
			}
		});
	}
}
