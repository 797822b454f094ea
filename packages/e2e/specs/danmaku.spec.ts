/** Danmaku: with the switch on, a chat message flies across the video, inside the player box. */
import { expect, test } from '@playwright/test';
import { loginShared } from '../fixtures.js';
import { chromiumLaunchOptions, SAMPLE_MEDIA_URL } from '../playwright.config.js';

test.use({ launchOptions: chromiumLaunchOptions(['--autoplay-policy=no-user-gesture-required']) });

test('a chat message flies over the video as danmaku', async ({ page }) => {
	await loginShared(page, 'Dana');
	const created = await page.request.post('/api/rooms', { data: { name: 'E2E danmaku' } });
	expect(created.ok()).toBe(true);
	const { room } = (await created.json()) as { room: { id: string } };
	await page.goto(`/r/${room.id}`);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-connected', 'true');

	await page.getByTestId('link-input').fill(SAMPLE_MEDIA_URL);
	await page.getByTestId('link-submit').click();
	await expect(page.getByTestId('player-video')).toBeVisible();
	await page.getByTestId('control-play').click();
	await expect(page.getByTestId('playback-status')).toHaveAttribute('data-status', 'playing');

	await page.getByTestId('toggle-danmaku').check();
	await page.getByTestId('chat-input').fill('弹幕 flies by');
	await page.getByTestId('chat-input').press('Enter');

	const frame = page.getByTestId('player-frame');
	const item = frame.getByTestId('danmaku-item').filter({ hasText: '弹幕 flies by' });
	await expect(item).toBeVisible();
	// Moving right to left across the player, within its box.
	const inside = async () => {
		const box = await item.boundingBox();
		const outer = await frame.boundingBox();
		if (box === null || outer === null) return null;
		const overlaps = box.x < outer.x + outer.width && box.x + box.width > outer.x;
		const within = box.y >= outer.y && box.y + box.height <= outer.y + outer.height;
		return overlaps && within ? box.x : null;
	};
	await expect.poll(inside).not.toBeNull();
	const first = (await inside()) ?? 0;
	await expect.poll(async () => (await inside()) ?? Number.POSITIVE_INFINITY).toBeLessThan(first);
	// It never takes the clicks meant for the player.
	await expect(page.getByTestId('danmaku-layer')).toHaveCSS('pointer-events', 'none');
	// Bilibili's own danmaku wait for native playback.
	await expect(page.getByTestId('toggle-bili-danmaku')).toBeDisabled();

	await page.request.delete(`/api/rooms/${room.id}`);
});
