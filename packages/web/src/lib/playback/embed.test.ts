import { describe, expect, it } from 'vitest';
import { buildEmbedSrc, impliedPositionMs, isSeek, needsReload, type EmbedLoad } from './embed.js';

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

const load: EmbedLoad = {
	key: 'bilibili:BV1:p1',
	src: 'x',
	startMs: 10_000,
	loadedAtServerMs: 1_000_000,
	playing: true,
	rate: 1,
};
const target = {
	key: load.key,
	playing: true,
	positionMs: 10_000,
	serverNowMs: 1_000_000,
	seeked: false,
};

describe('needsReload', () => {
	it('loads the first time and on new media', () => {
		expect(needsReload(null, target)).toBe(true);
		expect(needsReload(load, { ...target, key: 'bilibili:BV2:p1' })).toBe(true);
	});

	it('leaves a playing iframe alone while the room keeps its timeline', () => {
		expect(needsReload(load, { ...target, positionMs: 70_000, serverNowMs: 1_060_000 })).toBe(
			false,
		);
		expect(needsReload(load, { ...target, positionMs: 12_900, serverNowMs: 1_000_000 })).toBe(
			false,
		);
	});

	it('reloads on a seek, a play/pause change or more than 3 s of difference', () => {
		expect(needsReload(load, { ...target, seeked: true })).toBe(true);
		expect(needsReload(load, { ...target, playing: false })).toBe(true);
		expect(needsReload(load, { ...target, positionMs: 13_001 })).toBe(true);
	});

	it('keeps a paused iframe at its start', () => {
		const paused = { ...load, playing: false };
		expect(impliedPositionMs(paused, 2_000_000)).toBe(10_000);
		const still = { ...target, playing: false, serverNowMs: 2_000_000 };
		expect(needsReload(paused, still)).toBe(false);
	});
});

describe('isSeek', () => {
	const prev = { status: 'playing', position_ms: 10_000, reported_at: 1_000_000, rate: 1 } as const;

	it('accepts a continuing timeline', () => {
		expect(isSeek(prev, { ...prev, position_ms: 15_000, reported_at: 1_005_000 })).toBe(false);
		expect(
			isSeek(prev, { ...prev, status: 'paused', position_ms: 15_200, reported_at: 1_005_000 }),
		).toBe(false);
	});

	it('detects a jump', () => {
		expect(isSeek(prev, { ...prev, position_ms: 30_000, reported_at: 1_005_000 })).toBe(true);
		expect(isSeek(prev, { ...prev, position_ms: 2000, reported_at: 1_005_000 })).toBe(true);
	});
});
