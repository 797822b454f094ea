import { describe, expect, it } from 'vitest';
import { parseBilibiliLink, type BilibiliRef } from './bilibili.js';
import { bilibiliMediaId, canonicalBilibiliUrl } from './canonical.js';
import { buildEmbedUrl, EMBED_BASE, type EmbedOptions } from './embed.js';

const BV = 'BV1y7411Q7Eq';
const TAIL = 'high_quality=1&isOutside=true';
const video: BilibiliRef = { kind: 'video', bvid: BV, page: 2, startSec: 90.9 };
const episode: BilibiliRef = { kind: 'episode', epId: 123456, startSec: 0 };
const season: BilibiliRef = { kind: 'season', seasonId: 12345, startSec: 7.2 };
const shortlink: BilibiliRef = { kind: 'shortlink', url: 'https://b23.tv/pigt3PQ', startSec: 0 };

describe('buildEmbedUrl', () => {
	it.each<[string, BilibiliRef, EmbedOptions | undefined, string]>([
		[
			'video with defaults, t floored',
			video,
			undefined,
			`${EMBED_BASE}?bvid=${BV}&p=2&t=90&autoplay=1&muted=0&danmaku=0&${TAIL}`,
		],
		[
			'video with options',
			video,
			{ startSec: 12.99, autoplay: false, muted: true, danmaku: true },
			`${EMBED_BASE}?bvid=${BV}&p=2&t=12&autoplay=0&muted=1&danmaku=1&${TAIL}`,
		],
		[
			'episode, t=0 still present',
			episode,
			{},
			`${EMBED_BASE}?episodeId=123456&t=0&autoplay=1&muted=0&danmaku=0&${TAIL}`,
		],
		[
			'season',
			season,
			{ muted: true },
			`${EMBED_BASE}?seasonId=12345&t=7&autoplay=1&muted=1&danmaku=0&${TAIL}`,
		],
		[
			'negative start',
			video,
			{ startSec: -5 },
			`${EMBED_BASE}?bvid=${BV}&p=2&t=0&autoplay=1&muted=0&danmaku=0&${TAIL}`,
		],
		[
			'NaN start',
			video,
			{ startSec: Number.NaN },
			`${EMBED_BASE}?bvid=${BV}&p=2&t=0&autoplay=1&muted=0&danmaku=0&${TAIL}`,
		],
		[
			'huge start is capped',
			video,
			{ startSec: 1e30 },
			`${EMBED_BASE}?bvid=${BV}&p=2&t=1000000000&autoplay=1&muted=0&danmaku=0&${TAIL}`,
		],
		[
			'bad page becomes 1',
			{ kind: 'video', bvid: BV, page: 0, startSec: 0 },
			{},
			`${EMBED_BASE}?bvid=${BV}&p=1&t=0&autoplay=1&muted=0&danmaku=0&${TAIL}`,
		],
	])('%s', (_label, ref, options, expected) => {
		expect(buildEmbedUrl(ref, options)).toBe(expected);
	});

	it.each([
		['http://fake.test/player.html', 'http://fake.test/player.html?seasonId='],
		['http://fake.test/player.html?x=1', 'http://fake.test/player.html?x=1&seasonId='],
		['/fake/player.html?', '/fake/player.html?seasonId='],
	])('uses a custom base %s', (base, prefix) => {
		expect(buildEmbedUrl(season, {}, base).startsWith(prefix)).toBe(true);
	});

	it('refuses short links', () => {
		expect(() => buildEmbedUrl(shortlink)).toThrow(/resolve/);
	});

	it.each([video, episode, season])('parses back to the same ref, t floored: %o', (ref) => {
		const parsed = parseBilibiliLink(buildEmbedUrl(ref));
		expect(parsed).toEqual({ ok: true, value: { ...ref, startSec: Math.floor(ref.startSec) } });
	});
});

describe('canonicalBilibiliUrl / bilibiliMediaId', () => {
	it.each<[BilibiliRef, string, string]>([
		[video, `https://www.bilibili.com/video/${BV}?p=2`, `bilibili:${BV}:p2`],
		[{ ...video, page: 1 }, `https://www.bilibili.com/video/${BV}`, `bilibili:${BV}:p1`],
		[episode, 'https://www.bilibili.com/bangumi/play/ep123456', 'bilibili:ep123456'],
		[season, 'https://www.bilibili.com/bangumi/play/ss12345', 'bilibili:ss12345'],
	])('%o', (ref, url, id) => {
		expect(canonicalBilibiliUrl(ref)).toBe(url);
		expect(bilibiliMediaId(ref)).toBe(id);
		const reparsed = parseBilibiliLink(url);
		expect(reparsed.ok && reparsed.value).toEqual({ ...ref, startSec: 0 });
	});

	it('refuses short links', () => {
		expect(() => canonicalBilibiliUrl(shortlink)).toThrow();
		expect(() => bilibiliMediaId(shortlink)).toThrow();
	});
});
