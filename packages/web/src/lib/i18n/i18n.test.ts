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

	it('drops the space between Chinese text and a Chinese value, keeps it for Latin values', () => {
		expect(interpolate('等待 {names} 缓冲…', { names: '阿明' })).toBe('等待阿明缓冲…');
		expect(interpolate('等待 {names} 缓冲…', { names: 'Bob' })).toBe('等待 Bob 缓冲…');
		expect(interpolate('等待 {names} 缓冲…', { names: 'Bob 和阿明' })).toBe('等待 Bob 和阿明缓冲…');
		expect(interpolate('{name} 请求暂停', { name: '小红' })).toBe('小红请求暂停');
		expect(interpolate('Waiting for {names} to buffer', { names: '阿明' })).toBe(
			'Waiting for 阿明 to buffer',
		);
		expect(interpolate('{a}{b} {c}', { a: '1', b: '二', c: '三' })).toBe('1二三');
		expect(interpolate('请 {seconds} 秒', { seconds: 30 })).toBe('请 30 秒');
	});
});

describe('splitAround', () => {
	it('splits a template around one placeholder', () => {
		expect(splitAround('由 {actor} 操作', 'actor')).toEqual(['由 ', ' 操作']);
		expect(splitAround('由 {actor} 操作', 'actor', '小红')).toEqual(['由', '操作']);
		expect(splitAround('由 {actor} 操作', 'actor', 'Bob')).toEqual(['由 ', ' 操作']);
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
