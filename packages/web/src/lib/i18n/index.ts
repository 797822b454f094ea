import { en } from './en.js';
import { zhCN, type MessageKey, type Messages } from './zh-CN.js';

export type { MessageKey, Messages };

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const dictionaries: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, en };

export type MessageParams = Readonly<Record<string, string | number>>;

/** Replaces `{name}` placeholders; unknown placeholders are left as they are. */
export function interpolate(template: string, params?: MessageParams): string {
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		return value === undefined ? whole : String(value);
	});
}

/** Picks the first supported locale from a browser preference list; Chinese by default. */
export function detectLocale(preferred: readonly string[]): Locale {
	for (const tag of preferred) {
		const lower = tag.toLowerCase();
		if (lower.startsWith('zh')) return 'zh-CN';
		if (lower.startsWith('en')) return 'en';
	}
	return 'zh-CN';
}

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
	return Object.hasOwn(zhCN, key);
}

/**
 * Splits a template around one placeholder, so a component can wrap the value in its own
 * element: `splitAround('由 {actor} 操作', 'actor')` → `['由 ', ' 操作']`.
 */
export function splitAround(template: string, name: string): [string, string] {
	const marker = `{${name}}`;
	const at = template.indexOf(marker);
	if (at === -1) return [template, ''];
	return [template.slice(0, at), template.slice(at + marker.length)];
}
