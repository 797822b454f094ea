/**
 * Rooms and chat: one person creates a second room and copies its link; another opens the link
 * logged out, signs in through the deep link and lands in that room. They chat both ways, and a
 * reader scrolled up gets an unread marker instead of a jump.
 */
import { expect, test, type Page } from '@playwright/test';
import { loginShared } from '../fixtures.js';

/** Type a message and press Enter; wait until the server has it. */
async function say(page: Page, text: string): Promise<void> {
	await page.getByTestId('chat-input').fill(text);
	await page.getByTestId('chat-input').press('Enter');
	await expect(page.getByTestId('chat-input')).toHaveValue('');
	const mine = page.locator('[data-testid="chat-message"][data-own="true"]').last();
	await expect(mine).toHaveAttribute('data-state', 'sent');
}

test('two people meet in a new room by link, chat both ways, and see unread messages', async ({
	browser,
}) => {
	const alice = await browser.newContext();
	await alice.grantPermissions(['clipboard-read', 'clipboard-write']);
	const bob = await browser.newContext();
	const a = await alice.newPage();
	const b = await bob.newPage();

	await loginShared(a, 'Alice');
	await a.getByTestId('nav-rooms').click();
	await expect(a.getByTestId('rooms-page')).toBeVisible();
	const name = `E2E chat ${Date.now().toString(36)}`;
	await a.getByTestId('room-create-name').fill(name);
	await a.getByTestId('room-create-submit').click();
	await expect(a).toHaveURL(/\/r\/[a-z0-9-]+$/);
	await expect(a.getByTestId('room-name')).toHaveText(name);
	await expect(a.getByTestId('connection-status')).toHaveAttribute('data-connected', 'true');

	await a.getByTestId('room-copy-link').click();
	const link = await a.evaluate(() => navigator.clipboard.readText());
	expect(link).toBe(a.url());
	const path = new URL(link).pathname;

	// Bob is not logged in: the link sends him through the login page and back into the room.
	await loginShared(b, 'Bob', path);
	await expect(b).toHaveURL(link);
	await expect(b.getByTestId('room-name')).toHaveText(name);

	// Both ways. Alice's first message is tall enough to make the list scroll.
	const tall = ['Hello Bob!', ...Array.from({ length: 30 }, (_, i) => `line ${i + 1}`)].join('\n');
	await a.getByTestId('chat-input').fill(tall);
	await a.getByTestId('chat-input').press('Enter');
	await expect(a.getByTestId('chat-input')).toHaveValue('');
	await expect(a.locator('[data-testid="chat-message"][data-own="true"]')).toHaveAttribute(
		'data-state',
		'sent',
	);
	await expect(b.getByTestId('chat-message').filter({ hasText: 'Hello Bob!' })).toBeVisible();
	await say(b, 'Hi Alice 你好');
	await expect(a.getByTestId('chat-message').filter({ hasText: 'Hi Alice 你好' })).toBeVisible();
	await expect(a.getByTestId('chat-message').filter({ hasText: 'Hi Alice 你好' })).toHaveAttribute(
		'data-own',
		'false',
	);

	// Bob scrolls up; a new message is counted, not scrolled to.
	const list = b.getByTestId('chat-list');
	await list.evaluate((el) => (el.scrollTop = 0));
	await expect(b.getByTestId('chat-unread')).toHaveCount(0);
	// One message a second per person: let Alice's window pass.
	await a.waitForTimeout(1000);
	await say(a, 'Are you still there?');
	await expect(b.getByTestId('chat-unread')).toHaveAttribute('data-count', '1');
	expect(await list.evaluate((el) => el.scrollTop)).toBe(0);
	await b.getByTestId('chat-unread').click();
	await expect(b.getByTestId('chat-unread')).toHaveCount(0);
	await expect(
		b.getByTestId('chat-message').filter({ hasText: 'Are you still there?' }),
	).toBeInViewport();

	// The room list shows who is in the room.
	await a.getByTestId('nav-rooms').click();
	const row = a.getByTestId('room-item').filter({ hasText: name });
	await expect(row.getByTestId('room-item-viewers')).toContainText('Bob');

	await a.request.delete(`/api/rooms/${path.split('/').at(-1)}`);
	await alice.close();
	await bob.close();
});
