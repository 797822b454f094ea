import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { detectLocale, dictionaries, interpolate, isLocale, splitAround } from './index.js';
import { zhCN } from './zh-CN.js';

const placeholders = (text: string): string[] =>
	[...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('dictionaries', () => {
	it('have identical key sets', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
	});

	it('use the same placeholders for every key', () => {
		for (const [key, text] of Object.entries(zhCN)) {
			expect(placeholders(en[key as keyof typeof en]), key).toEqual(placeholders(text));
		}
	});

	it('have no empty messages', () => {
		for (const dictionary of Object.values(dictionaries)) {
			for (const [key, text] of Object.entries(dictionary)) expect(text.trim(), key).not.toBe('');
		}
	});

	it('translate every error code the server sends to this UI', () => {
		const codes = [
			'invalid_credentials',
			'missing_credentials',
			'rate_limited',
			'invalid_link',
			'unsupported_link',
			'no_media',
			'unauthorized',
			'internal',
			'network',
		];
		for (const code of codes) expect(Object.keys(zhCN)).toContain(`error.${code}`);
	});
});

describe('interpolate', () => {
	it('fills named placeholders and leaves unknown ones', () => {
		expect(interpolate('请 {seconds} 秒后再试 {x}', { seconds: 30 })).toBe('请 30 秒后再试 {x}');
		expect(interpolate('plain')).toBe('plain');
	});
});

describe('splitAround', () => {
	it('splits a template around one placeholder', () => {
		expect(splitAround('由 {actor} 操作', 'actor')).toEqual(['由 ', ' 操作']);
		expect(splitAround('by {actor}', 'actor')).toEqual(['by ', '']);
		expect(splitAround('none', 'actor')).toEqual(['none', '']);
	});
});

describe('detectLocale', () => {
	it('picks the first supported language, Chinese by default', () => {
		expect(detectLocale(['zh-TW', 'en'])).toBe('zh-CN');
		expect(detectLocale(['en-GB', 'zh-CN'])).toBe('en');
		expect(detectLocale(['fr-FR', 'EN'])).toBe('en');
		expect(detectLocale(['fr-FR'])).toBe('zh-CN');
		expect(detectLocale([])).toBe('zh-CN');
	});

	it('recognises locale names', () => {
		expect(isLocale('en')).toBe(true);
		expect(isLocale('zh-CN')).toBe(true);
		expect(isLocale('de')).toBe(false);
		expect(isLocale(null)).toBe(false);
	});
});
