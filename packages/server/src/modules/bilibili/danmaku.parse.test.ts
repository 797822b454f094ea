import { inflateRawSync } from 'node:zlib';
import { buildFakeBilibili, danmakuFor, loadMedia } from '@videotogether/fake-bilibili';
import { describe, expect, it, onTestFinished } from 'vitest';
import { decodeXmlText, parseDanmakuXml } from './danmaku.parse.js';

const xml = (entries: string) =>
	`<?xml version="1.0" encoding="UTF-8"?><i><chatserver>chat.bilibili.com</chatserver><chatid>1</chatid>${entries}</i>`;

describe('parseDanmakuXml', () => {
	it('reads time, mode, size, colour and text, sorted by time', () => {
		const out = parseDanmakuXml(
			xml(
				'<d p="12.5,1,25,16777215,1700000000,0,abc,1,5">第二条</d>' +
					'<d p="0.051,5,36,16711680,1700000000,0,def,2,1">第一 &amp; &lt;一&gt; &#x1F436;&#33;</d>',
			),
		);
		expect(out).toEqual([
			{ timeMs: 51, mode: 5, size: 36, color: 16711680, text: '第一 & <一> 🐶!' },
			{ timeMs: 12_500, mode: 1, size: 25, color: 16777215, text: '第二条' },
		]);
	});

	it('drops advanced/code/BAS modes, malformed entries and empty texts', () => {
		const out = parseDanmakuXml(
			xml(
				'<d p="1,7,25,0">["a"]</d><d p="1,8,25,0">code</d><d p="1,9,25,0">bas</d>' +
					'<d p="x,1,25,0">bad time</d><d p="-1,1,25,0">negative</d><d p="1,1,25,0">  </d>' +
					'<d p="2,4,999,-5">kept</d>',
			),
		);
		expect(out).toEqual([{ timeMs: 2000, mode: 4, size: 25, color: 0xffffff, text: 'kept' }]);
	});

	it('caps the number of entries', () => {
		const many = Array.from({ length: 50 }, (_, i) => `<d p="${i},1,25,0">${i}</d>`).join('');
		expect(parseDanmakuXml(xml(many), 10)).toHaveLength(10);
	});

	it('decodes entities safely', () => {
		expect(decodeXmlText('&lt;b&gt; &quot;q&quot; &apos;a&apos; &#0; &#xD800; &unknown;')).toBe(
			'<b> "q" \'a\'   &unknown;',
		);
	});

	it('parses the fake’s real list.so pool (raw deflate; <, &, quotes, emoji)', async () => {
		const fake = await buildFakeBilibili({ media: await loadMedia() });
		onTestFinished(() => fake.close());
		const res = await fake.inject({ url: '/x/v1/dm/list.so?oid=171776208' });
		expect(res.headers['content-encoding']).toBe('deflate');
		const parsed = parseDanmakuXml(inflateRawSync(res.rawPayload).toString('utf8'));
		const pool = danmakuFor(171776208, 10).filter((d) => d.mode >= 1 && d.mode <= 6);
		expect(parsed).toHaveLength(pool.length);
		expect(parsed.map((e) => e.text).sort()).toEqual(pool.map((d) => d.content).sort());
		expect(parsed.map((e) => e.timeMs).sort((a, b) => a - b)).toEqual(
			pool.map((d) => d.progress).sort((a, b) => a - b),
		);
	});
});
