/**
 * The room from the keyboard alone: Tab reaches every main control in reading order, each shows a
 * visible focus ring, and the controls work with keys (Enter, arrows, Escape, the shortcuts).
 */
import { expect, test, type Page } from '@playwright/test';
import { chromiumLaunchOptions, SAMPLE_MEDIA_URL } from '../playwright.config.js';
import { createRoom, enterRoom, signedInContext } from './ui-checks.js';

test.use({ launchOptions: chromiumLaunchOptions(['--autoplay-policy=no-user-gesture-required']) });

/** The main controls, in the order Tab must reach them (others may come in between). */
const ORDER = [
	'nav-rooms',
	'lang-switch',
	'logout',
	'room-copy-link',
	'room-manage',
	'link-input',
	'link-submit',
	'control-seek',
	'control-play',
	'control-back',
	'control-forward',
	'toggle-danmaku',
	'control-rate',
	'control-mute',
	'control-volume',
	'control-fullscreen',
	'danmaku-settings',
	'toggle-gentle',
	'shortcuts-help',
	'panel-tab-chat',
	'chat-input',
];

interface Stop {
	id: string;
	/** A focus ring (2 px outline or more) on the element or a box around it. */
	ring: boolean;
}

/** Presses Tab and says where focus went. */
async function tab(page: Page): Promise<Stop> {
	await page.keyboard.press('Tab');
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (el === null || el === document.body) return { id: 'body', ring: false };
		const hasRing = (e: Element) => {
			const style = getComputedStyle(e);
			return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
		};
		let ring = false;
		for (let e: Element | null = el, depth = 0; e !== null && depth < 3; e = e.parentElement) {
			ring ||= hasRing(e);
			depth += 1;
		}
		const id =
			el.dataset.testid ?? el.getAttribute('aria-label') ?? `${el.tagName}:${el.textContent}`;
		return { id, ring };
	});
}

test('every main control of the room is reached by Tab, shows its focus, and works by key', async ({
	browser,
}) => {
	const context = await signedInContext(browser, 'Kim', {
		locale: 'en',
		viewport: { width: 1280, height: 800 },
	});
	const page = await context.newPage();
	const roomId = await createRoom(context, 'E2E keyboard');
	try {
		await enterRoom(page, roomId);
		// Loading a video by keyboard: type, Enter.
		await page.getByTestId('link-input').fill(SAMPLE_MEDIA_URL);
		await page.getByTestId('link-input').press('Enter');
		await expect(page.getByTestId('player-video')).toBeVisible();
		await expect(page.getByTestId('control-play')).toBeEnabled();

		// From the top of a fresh page to the chat box.
		await enterRoom(page, roomId);
		await expect(page.getByTestId('control-play')).toBeEnabled();
		const stops: Stop[] = [];
		for (let i = 0; i < 60 && stops.at(-1)?.id !== 'chat-input'; i += 1)
			stops.push(await tab(page));
		const reached = stops.map((s) => s.id);
		expect(reached.filter((id) => ORDER.includes(id))).toEqual(ORDER);
		expect(
			stops.filter((s) => !s.ring).map((s) => s.id),
			'stops without a focus ring',
		).toEqual([]);

		// The controls answer keys.
		const play = page.getByTestId('control-play');
		await play.focus();
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('playback-status')).toHaveAttribute('data-status', 'playing');
		await expect(play).toHaveAccessibleName('Pause');
		const seek = page.getByTestId('control-seek');
		await seek.focus();
		const before = Number(
			await page.getByTestId('playback-position').getAttribute('data-position-ms'),
		);
		await page.keyboard.press('ArrowRight');
		await expect
			.poll(async () =>
				Number(await page.getByTestId('playback-position').getAttribute('data-position-ms')),
			)
			.toBeGreaterThan(before + 4_000);

		// Shortcuts work when nothing that types has focus, and not while typing.
		await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		await page.keyboard.press('k');
		await expect(page.getByTestId('playback-status')).toHaveAttribute('data-status', 'paused');
		await page.getByTestId('chat-input').focus();
		await page.keyboard.type('k');
		await expect(page.getByTestId('chat-input')).toHaveValue('k');
		await expect(page.getByTestId('playback-status')).toHaveAttribute('data-status', 'paused');
		await page.getByTestId('chat-input').fill('');

		// A menu opens with Enter and closes with Escape, giving focus back.
		const settings = page.getByTestId('danmaku-settings');
		await settings.focus();
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('danmaku-density')).toBeVisible();
		await page.keyboard.press('Tab');
		await expect(page.getByTestId('danmaku-density')).toBeFocused();
		await page.keyboard.press('Escape');
		await expect(page.getByTestId('danmaku-density')).toBeHidden();
		await expect(settings).toBeFocused();

		// The panel's tabs move with the arrow keys (not the video).
		const chatTab = page.getByTestId('panel-tab-chat');
		await chatTab.focus();
		await page.keyboard.press('ArrowRight');
		await expect(page.getByTestId('panel-tab-viewers')).toBeFocused();
		await expect(page.getByTestId('panel-tab-viewers')).toHaveAttribute('aria-selected', 'true');
		await expect(page.getByTestId('presence')).toBeVisible();
	} finally {
		await context.request.delete(`/api/rooms/${roomId}`);
		await context.close();
	}
});
