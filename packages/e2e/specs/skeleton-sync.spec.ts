import { expect, test } from '@playwright/test';
import { loginShared, playbackStatus, positionMs, stubBilibiliEmbed } from '../fixtures.js';

test('two people log in, one loads a link and presses play, the other follows', async ({
	browser,
}) => {
	const alice = await browser.newContext();
	const bob = await browser.newContext();
	await Promise.all([stubBilibiliEmbed(alice), stubBilibiliEmbed(bob)]);
	const a = await alice.newPage();
	const b = await bob.newPage();

	await loginShared(a, 'Alice');
	await loginShared(b, 'Bob');
	// (The default room is shared by every spec, so it may already hold a video.)

	await a.getByTestId('link-input').fill('https://www.bilibili.com/video/BV1y7411Q7Eq?p=2&t=30');
	await a.getByTestId('link-submit').click();

	// Both see the embed for the same video, paused at 0:30.
	for (const page of [a, b]) {
		await expect(page.getByTestId('player-iframe')).toHaveAttribute(
			'src',
			/bvid=BV1y7411Q7Eq.*p=2/,
		);
		await expect(playbackStatus(page)).toHaveAttribute('data-status', 'paused');
		await expect.poll(() => positionMs(page)).toBeGreaterThanOrEqual(29_500);
	}
	await expect(b.getByTestId('playback-actor')).toContainText('Alice');

	await a.getByTestId('control-play').click();
	await expect(playbackStatus(b)).toHaveAttribute('data-status', 'playing');
	await expect(b.getByTestId('playback-actor')).toContainText('Alice');
	// Bob's clock advances with the room's.
	const first = await positionMs(b);
	await expect.poll(() => positionMs(b)).toBeGreaterThan(first + 500);
	expect(Math.abs((await positionMs(a)) - (await positionMs(b)))).toBeLessThan(1_000);

	await b.getByTestId('control-play').click();
	await expect(playbackStatus(a)).toHaveAttribute('data-status', 'paused');
	await expect(a.getByTestId('playback-actor')).toContainText('Bob');

	await alice.close();
	await bob.close();
});

test('an unknown person is sent to the login screen and a wrong password is explained', async ({
	page,
}) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
	await page.getByTestId('login-password').fill('not the password');
	await page.getByTestId('login-name').fill('Mallory');
	await page.getByTestId('login-submit').click();
	await expect(page.getByTestId('login-error')).toBeVisible();
	await expect(page).toHaveURL(/\/login/);
});
