import { en } from './en.js';
import { zhCN, type MessageKey, type Messages } from './zh-CN.js';

export type { MessageKey, Messages };

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const dictionaries: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, en };

export type MessageParams = Readonly<Record<string, string | number>>;

/** Han, kana, hangul and full-width forms: text written without spaces between words. */
const CJK = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]/u;

/**
 * Replaces `{name}` placeholders; unknown placeholders are left as they are. A space the
 * template puts between a CJK character and a value is dropped when the value begins (or ends)
 * with CJK too: `等待 {names} 缓冲` reads `等待阿明缓冲` but `等待 Bob 缓冲`.
 */
export function interpolate(template: string, params?: MessageParams): string {
	if (!params) return template;
	// Even indexes: literal text; odd: placeholder names.
	const parts = template.split(/\{(\w+)\}/);
	let out = '';
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i] ?? '';
		if (i % 2 === 0) {
			out += part;
			continue;
		}
		const raw = params[part];
		if (raw === undefined) {
			out += `{${part}}`;
			continue;
		}
		const value = String(raw);
		const [before, after] = tightGaps(out, value, parts[i + 1] ?? '');
		out = before + value;
		parts[i + 1] = after;
	}
	return out;
}

function cjk(char: string | undefined): boolean {
	return char !== undefined && CJK.test(char);
}

/** The text around a value, without the spaces that would sit between CJK text and CJK value. */
function tightGaps(before: string, value: string, after: string): [string, string] {
	return [
		before.endsWith(' ') && cjk(before.at(-2)) && cjk(value[0]) ? before.slice(0, -1) : before,
		after.startsWith(' ') && cjk(after[1]) && cjk(value.at(-1)) ? after.slice(1) : after,
	];
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
 * element: `splitAround('由 {actor} 操作', 'actor')` → `['由 ', ' 操作']`; given the value, the
 * spaces follow `interpolate`'s rule (`['由', '操作']` around `小红`).
 */
export function splitAround(template: string, name: string, value?: string): [string, string] {
	const marker = `{${name}}`;
	const at = template.indexOf(marker);
	if (at === -1) return [template, ''];
	const before = template.slice(0, at);
	const after = template.slice(at + marker.length);
	return value === undefined ? [before, after] : tightGaps(before, value, after);
}
