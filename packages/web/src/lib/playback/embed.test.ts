import { describe, expect, it } from 'vitest';
import { buildEmbedSrc } from './embed.js';

const BASE = 'https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&p=1&t=99&autoplay=0';

describe('buildEmbedSrc', () => {
	it('sets t (whole seconds) and autoplay, replacing existing values', () => {
		const src = new URL(buildEmbedSrc(BASE, 12_999, true));
		expect(src.searchParams.get('bvid')).toBe('BV1xx411c7mD');
		expect(src.searchParams.get('p')).toBe('1');
		expect(src.searchParams.getAll('t')).toEqual(['12']);
		expect(src.searchParams.getAll('autoplay')).toEqual(['1']);
	});

	it('asks a paused room not to autoplay', () => {
		expect(new URL(buildEmbedSrc(BASE, 0, false)).searchParams.get('autoplay')).toBe('0');
	});

	it('accepts protocol-relative embed URLs', () => {
		const src = buildEmbedSrc('//player.bilibili.com/player.html?aid=1', 5000, true);
		expect(src).toBe('https://player.bilibili.com/player.html?aid=1&t=5&autoplay=1');
	});

	it('uses a media fragment for other URLs', () => {
		expect(buildEmbedSrc('https://media.example/v.mp4', 61_500, true)).toBe(
			'https://media.example/v.mp4#t=61',
		);
	});
});
