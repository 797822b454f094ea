import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DmSegMobileReply, danmakuFor, escapeXml } from './danmaku.js';
import { MULTI_PART, SINGLE_PART } from './fixtures.js';
import { testFake } from './test/harness.js';

const cid = SINGLE_PART.pages[0]?.cid ?? 0;

/** Minimal parser for the list.so XML: every <d p="…">text</d>, text unescaped. */
function parseDanmakuXml(xml: string): { p: string[]; text: string }[] {
	const unescape = (s: string) =>
		s
			.replaceAll('&lt;', '<')
			.replaceAll('&gt;', '>')
			.replaceAll('&quot;', '"')
			.replaceAll('&amp;', '&');
	return [...xml.matchAll(/<d p="([^"]*)">([^<]*)<\/d>/g)].map((m) => ({
		p: (m[1] ?? '').split(','),
		text: unescape(m[2] ?? ''),
	}));
}

describe('list.so', () => {
	it('is raw-deflate XML with Content-Encoding: deflate', async () => {
		const app = await testFake();
		const res = await app.inject(`/x/v1/dm/list.so?oid=${cid}`);
		expect(res.headers['content-encoding']).toBe('deflate');
		expect(res.headers['content-type']).toMatch(/^text\/xml/);
		// Raw deflate: no zlib header (0x78), so a zlib-wrapped inflate would fail.
		expect(res.rawPayload[0]).not.toBe(0x78);
		const xml = inflateRawSync(res.rawPayload).toString('utf8');
		expect(xml).toMatch(
			/^<\?xml version="1.0" encoding="UTF-8"\?><i><chatserver>chat\.bilibili\.com<\/chatserver>/,
		);
		expect(xml).toContain(`<chatid>${cid}</chatid>`);
		for (const tag of ['mission', 'maxlimit', 'state', 'real_name', 'source'])
			expect(xml).toContain(`<${tag}>`);
		const items = parseDanmakuXml(xml);
		expect(items).toHaveLength(36);
		// Only the five XML escapes appear; the raw text never contains a bare < or &.
		expect(xml.replace(/<[^>]+>/g, '')).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
		const texts = items.map((d) => d.text);
		expect(texts).toContain('<script>alert("xss")</script>');
		expect(texts).toContain('AT&T 信号满格 & 弹幕护体');
		expect(texts).toContain('空降 00:05 &lt;不是实体&gt;');
		for (const d of items) {
			expect(d.p).toHaveLength(9);
			const [time, mode, size, color, ctime, pool, hash, id, weight] = d.p;
			expect(Number(time)).toBeGreaterThanOrEqual(0);
			expect(Number(time)).toBeLessThan(10);
			expect([1, 4, 5]).toContain(Number(mode));
			expect([18, 25, 36]).toContain(Number(size));
			expect(Number(color)).toBeLessThanOrEqual(0xffffff);
			expect(Number(ctime)).toBeGreaterThan(1_600_000_000);
			expect([0, 1]).toContain(Number(pool));
			expect(hash).toMatch(/^[0-9a-f]{8}$/);
			expect(id).toMatch(/^\d{16,}$/);
			expect(Number(weight)).toBeGreaterThanOrEqual(1);
		}
		const times = items.map((d) => Number(d.p[0]));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(8);
	});

	it('is deterministic per cid and differs between cids', () => {
		expect(danmakuFor(1, 10)).toEqual(danmakuFor(1, 10));
		expect(danmakuFor(1, 10)).not.toEqual(danmakuFor(2, 10));
	});

	it('serves an empty pool for an unknown cid and -400 without oid', async () => {
		const app = await testFake();
		const empty = await app.inject('/x/v1/dm/list.so?oid=5');
		expect(parseDanmakuXml(inflateRawSync(empty.rawPayload).toString())).toEqual([]);
		expect((await app.inject('/x/v1/dm/list.so')).json()).toMatchObject({ code: -400 });
	});

	it('doubles as comment.bilibili.com/<cid>.xml', async () => {
		const app = await testFake();
		const res = await app.inject(`/${MULTI_PART.pages[2]?.cid}.xml`);
		expect(parseDanmakuXml(inflateRawSync(res.rawPayload).toString())).toHaveLength(36);
	});

	it('escapes the XML specials', () => {
		expect(escapeXml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
	});
});

describe('seg.so', () => {
	it('decodes as DmSegMobileReply with every comment of segment 1', async () => {
		const app = await testFake();
		const res = await app.inject(
			`/x/v2/dm/web/seg.so?type=1&oid=${cid}&pid=${SINGLE_PART.aid}&segment_index=1`,
		);
		expect(res.headers['content-type']).toBe('application/octet-stream');
		expect(res.rawPayload[0]).toBe(0x0a); // field 1 (elems), length-delimited
		const reply = DmSegMobileReply.toObject(DmSegMobileReply.decode(res.rawPayload), {
			longs: String,
		}) as {
			elems: {
				id: string;
				idStr: string;
				progress: number;
				content: string;
				mode: number;
				color: number;
			}[];
		};
		const expected = danmakuFor(cid, 10);
		expect(reply.elems).toHaveLength(expected.length);
		expect(reply.elems.map((e) => [e.id, e.idStr, e.progress, e.content])).toEqual(
			expected.map((d) => [d.id, d.id, d.progress, d.content]),
		);
	});

	it.each([2, 3, 99])('segment %s is an empty reply', async (index) => {
		const app = await testFake();
		const res = await app.inject(`/x/v2/dm/web/seg.so?type=1&oid=${cid}&segment_index=${index}`);
		expect(res.statusCode).toBe(200);
		expect(res.rawPayload.byteLength).toBe(0);
		expect(DmSegMobileReply.decode(res.rawPayload).toJSON()).toEqual({});
	});

	it('also answers on the wbi path', async () => {
		const app = await testFake();
		const res = await app.inject(`/x/v2/dm/wbi/web/seg.so?type=1&oid=${cid}&segment_index=1`);
		expect(res.rawPayload.byteLength).toBeGreaterThan(100);
	});

	it.each([
		'type=1&oid=1',
		'type=2&oid=1&segment_index=1',
		'type=1&segment_index=1',
		'type=1&oid=1&segment_index=0',
	])('?%s → -400', async (query) => {
		const app = await testFake();
		expect((await app.inject(`/x/v2/dm/web/seg.so?${query}`)).json()).toMatchObject({ code: -400 });
	});
});
