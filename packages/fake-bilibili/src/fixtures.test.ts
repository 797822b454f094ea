import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { avToBv } from './bvid.js';
import { PLAYURL_ERROR_VIDEOS, SEASONS, VIDEOS, VIEW_ERRORS, findPage } from './fixtures.js';

describe('catalogue', () => {
	it('has unique aids and cids, and BV ids computed from the aids', () => {
		const aids = VIDEOS.map((v) => v.aid);
		const cids = VIDEOS.flatMap((v) => v.pages.map((p) => p.cid));
		expect(new Set(aids).size).toBe(aids.length);
		expect(new Set(cids).size).toBe(cids.length);
		for (const v of VIDEOS) expect(v.bvid).toBe(avToBv(v.aid));
		for (const aid of VIEW_ERRORS.keys()) expect(aids).not.toContain(aid);
	});

	it('uses cid = aid for the playurl error videos', () => {
		for (const v of PLAYURL_ERROR_VIDEOS) expect(v.pages.map((p) => p.cid)).toEqual([v.aid]);
	});

	it('maps every episode to a UGC video with redirect_url', () => {
		for (const ep of SEASONS.flatMap((s) => s.episodes)) {
			const found = findPage(ep.cid);
			expect(found?.video.aid).toBe(ep.aid);
			expect(found?.video.redirectUrl).toBe(`https://www.bilibili.com/bangumi/play/ep${ep.epId}`);
		}
	});

	it('matches the README reserved-id table', async () => {
		const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
		const rows = [...readme.matchAll(/^\|[^|]+\| ([\d, ]+) \| (BV[\w, ]+) \|/gm)];
		expect(rows.length).toBeGreaterThanOrEqual(14);
		for (const [, aidCell = '', bvidCell = ''] of rows) {
			const aids = aidCell.split(',').map((a) => Number(a.trim()));
			const bvids = bvidCell.split(',').map((b) => b.trim());
			expect(bvids).toEqual(aids.map((aid) => avToBv(aid)));
			for (const aid of aids) {
				expect(VIEW_ERRORS.has(aid) || VIDEOS.some((v) => v.aid === aid)).toBe(true);
			}
		}
	});
});
