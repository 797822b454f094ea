/**
 * Host-only rooms: a guest's play is refused and explained (playback does not change), the guest
 * asks the host, and the host sees the request and can grant it.
 */
import { expect, test } from '@playwright/test';
import { loginShared } from '../fixtures.js';
import { SAMPLE_MEDIA_URL } from '../playwright.config.js';

test('a guest in a host-only room is told, asks the host, and the host sees it', async ({
	browser,
}) => {
	const hostContext = await browser.newContext();
	const guestContext = await browser.newContext();
	const host = await hostContext.newPage();
	const guest = await guestContext.newPage();

	await loginShared(host, 'Hosty');
	await host.getByTestId('nav-rooms').click();
	await host.getByTestId('room-create-name').fill('E2E host only');
	await host.getByTestId('room-create-mode').selectOption('host');
	await host.getByTestId('room-create-submit').click();
	await expect(host).toHaveURL(/\/r\/[a-z0-9-]+$/);
	await expect(host.getByTestId('control-mode')).toHaveAttribute('data-mode', 'host');
	await host.getByTestId('link-input').fill(SAMPLE_MEDIA_URL);
	await host.getByTestId('link-submit').click();
	await expect(host.getByTestId('player-video')).toBeVisible();
	await expect(host.getByTestId('playback-status')).toHaveAttribute('data-status', 'paused');
	const roomId = new URL(host.url()).pathname.split('/').at(-1) ?? '';

	await loginShared(guest, 'Guesty', `/r/${roomId}`);
	await expect(guest.getByTestId('control-mode')).toHaveAttribute('data-mode', 'host');
	await expect(guest.getByTestId('room-host')).toContainText('Hosty');
	await expect(guest.getByTestId('control-mode-toggle')).toHaveCount(0);
	await expect(guest.getByTestId('player-video')).toBeVisible();

	await guest.getByTestId('control-play').click();
	const notice = guest.getByTestId('room-notice');
	await expect(notice).toHaveAttribute('data-kind', 'host-only');
	await expect(notice).toBeVisible();
	for (const page of [guest, host]) {
		await expect(page.getByTestId('playback-status')).toHaveAttribute('data-status', 'paused');
	}

	await guest.getByTestId('ask-host').click();
	await expect(notice).toHaveAttribute('data-kind', 'asked');
	const request = host.getByTestId('host-request');
	await expect(request).toHaveAttribute('data-action', 'play');
	await expect(request).toContainText('Guesty');
	await request.getByTestId('host-request-do').click();
	await expect(request).toHaveCount(0);
	for (const page of [guest, host]) {
		await expect(page.getByTestId('playback-status')).toHaveAttribute('data-status', 'playing');
	}

	await host.request.delete(`/api/rooms/${roomId}`);
	await hostContext.close();
	await guestContext.close();
});
