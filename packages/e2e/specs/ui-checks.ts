/**
 * Checks shared by the screenshot and accessibility specs: the page speaks one language (no
 * string of the other dictionary on screen or in labels), nothing overflows sideways, and the
 * main controls are inside the viewport.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
	expect,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page,
} from '@playwright/test';
import { en } from '../../web/src/lib/i18n/en.js';
import { zhCN } from '../../web/src/lib/i18n/zh-CN.js';
import { E2E_PASSWORD } from '../playwright.config.js';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const DICTIONARIES = { 'zh-CN': zhCN, en } as const;

/** Where the screenshots go (gitignored): `packages/e2e/screenshots/<lang>-<size>-<name>.png`. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/**
 * Pieces of the other language's messages that must not show up: each message cut at its
 * `{placeholders}`, pieces long enough to mean something (2+ CJK characters, 4+ letters
 * otherwise) and not also part of some message of the page's own language.
 */
export function foreignFragments(lang: Lang): string[] {
	const own = Object.values(DICTIONARIES[lang]);
	const other = DICTIONARIES[lang === 'en' ? 'zh-CN' : 'en'];
	const mine = DICTIONARIES[lang] as Record<string, string>;
	const fragments = new Set<string>();
	for (const [key, value] of Object.entries(other)) {
		if (mine[key] === value) continue;
		for (const raw of value.split(/\{\w+\}/)) {
			const piece = raw.trim();
			const long = CJK.test(piece) ? piece.length >= 2 : /[a-z]{4}/i.test(piece);
			if (long && !own.some((text) => text.includes(piece))) fragments.add(piece);
		}
	}
	return [...fragments];
}

/**
 * Everything a person can read or hear — visible text, labels, placeholders, titles — except what
 * people wrote themselves (names, room names, titles, chat), which the app marks `translate="no"`.
 */
export async function readableText(page: Page): Promise<string> {
	return page.evaluate(() => {
		const ours = (el: Element | null) => el !== null && el.closest('[translate="no"]') === null;
		const parts = [document.title];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
			const parent = node.parentElement;
			if (parent !== null && ours(parent) && parent.checkVisibility()) {
				parts.push(node.textContent ?? '');
			}
		}
		// Labels may quote what people wrote (e.g. "Video: <its title>"): leave those quotes out.
		const written = [...document.querySelectorAll('[translate="no"]')]
			.map((el) => el.textContent?.trim() ?? '')
			.filter((text) => text !== '')
			.sort((a, b) => b.length - a.length);
		for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
			if (!ours(el)) continue;
			for (const name of ['aria-label', 'placeholder', 'title']) {
				let value = el.getAttribute(name) ?? '';
				for (const text of written) value = value.split(text).join(' ');
				if (value.trim()) parts.push(value);
			}
		}
		return parts.join('\n');
	});
}

/** The page is in `lang`: `<html lang>`, and no message of the other language anywhere. */
export async function expectLanguage(page: Page, lang: Lang): Promise<void> {
	await expect(page.locator('html')).toHaveAttribute('lang', lang);
	const text = await readableText(page);
	const found = foreignFragments(lang).filter((piece) => text.includes(piece));
	expect(found, `untranslated text on a ${lang} page`).toEqual([]);
}

/**
 * Every visible control has a name a screen reader can say: its text, a `<label>`, `aria-label`,
 * `aria-labelledby` or a title. Returns nothing; fails listing the unnamed ones.
 */
export async function expectLabelledControls(page: Page): Promise<void> {
	const unnamed = await page.evaluate(() => {
		const selector =
			'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="tab"], [role="switch"]';
		const result: string[] = [];
		for (const el of document.querySelectorAll<HTMLElement>(selector)) {
			if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
			const labels = 'labels' in el ? (el as HTMLInputElement).labels : null;
			const named =
				(el.getAttribute('aria-label') ?? '').trim() !== '' ||
				el.hasAttribute('aria-labelledby') ||
				(labels !== null && labels.length > 0) ||
				(el.title ?? '').trim() !== '' ||
				(!['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) &&
					(el.textContent ?? '').trim() !== '');
			if (!named) result.push(el.outerHTML.slice(0, 120));
		}
		return result;
	});
	expect(unnamed, 'controls without an accessible name').toEqual([]);
}

/** No sideways scrolling: the document is no wider than the window. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
	const { scrollWidth, innerWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth,
	}));
	expect(scrollWidth, 'document wider than the viewport').toBeLessThanOrEqual(innerWidth);
}

/** Each control is visible and, scrolled to, lies entirely inside the viewport. */
export async function expectWithinViewport(page: Page, controls: Locator[]): Promise<void> {
	const viewport = page.viewportSize();
	if (viewport === null) throw new Error('no viewport');
	for (const control of controls) {
		await expect(control).toBeVisible();
		await control.scrollIntoViewIfNeeded();
		const box = await control.boundingBox();
		expect(box, `${control.toString()} has no box`).not.toBeNull();
		if (box === null) continue;
		expect(box.x, `${control.toString()} starts left of the viewport`).toBeGreaterThanOrEqual(0);
		expect(
			box.x + box.width,
			`${control.toString()} ends right of the viewport`,
		).toBeLessThanOrEqual(viewport.width);
		expect(box.height, `${control.toString()} is taller than the viewport`).toBeLessThanOrEqual(
			viewport.height,
		);
	}
	await page.evaluate(() => window.scrollTo(0, 0));
}

/** Waits until colour and border transitions (hover, a scheme change) have finished. */
async function transitionsDone(page: Page): Promise<void> {
	await page.evaluate(() =>
		Promise.all(
			document
				.getAnimations()
				.filter((animation) => animation instanceof CSSTransition)
				.map((transition) => transition.finished.catch(() => undefined)),
		),
	);
}

/** Switches the page's colour scheme and waits for the colours to finish changing. */
export async function useScheme(page: Page, colorScheme: 'light' | 'dark'): Promise<void> {
	await page.emulateMedia({ colorScheme });
	await transitionsDone(page);
}

/** Writes `<lang>-<size>-<name>.png` (the whole page, unless told) and returns its path. */
export async function snap(page: Page, file: string, { fullPage = true } = {}): Promise<string> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const path = `${SCREENSHOT_DIR}${file}.png`;
	// The pointer rests where the test last clicked: no hover effects in the picture.
	await page.mouse.move(0, 0);
	await transitionsDone(page);
	// Animations keep running: danmaku must be caught in flight, not fast-forwarded away.
	await page.screenshot({ path, fullPage, caret: 'hide' });
	return path;
}

/** A context signed in through the API (the login page itself is tested elsewhere). */
export async function signedInContext(
	browser: Browser,
	name: string,
	options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
	const context = await browser.newContext(options);
	const response = await context.request.post('/login', {
		data: { password: E2E_PASSWORD, name },
	});
	expect(response.ok()).toBe(true);
	return context;
}

/** A fresh room created by the context's user; returns its id. */
export async function createRoom(context: BrowserContext, name: string): Promise<string> {
	const created = await context.request.post('/api/rooms', { data: { name } });
	expect(created.ok()).toBe(true);
	const { room } = (await created.json()) as { room: { id: string } };
	return room.id;
}

/** Opens the room and waits for its socket. */
export async function enterRoom(page: Page, roomId: string): Promise<void> {
	await page.goto(`/r/${roomId}`);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-connected', 'true');
}
