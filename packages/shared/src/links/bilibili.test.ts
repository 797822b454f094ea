import { describe, expect, it } from 'vitest';
import { LinkError, parseBilibiliLink, type BilibiliRef } from './bilibili.js';

const BV = 'BV1y7411Q7Eq'; // av99999999
const BV_170001 = 'BV17x411w7KC';

function v(bvid: string, page = 1, startSec = 0): BilibiliRef {
	return { kind: 'video', bvid, page, startSec };
}
function ep(epId: number, startSec = 0): BilibiliRef {
	return { kind: 'episode', epId, startSec };
}
function ss(seasonId: number, startSec = 0): BilibiliRef {
	return { kind: 'season', seasonId, startSec };
}
function short(url: string, startSec = 0): BilibiliRef {
	return { kind: 'shortlink', url, startSec };
}

const ACCEPTED: [string, string, BilibiliRef][] = [
	// Bare ids
	['bare BV', BV, v(BV)],
	['bare BV, lower-case prefix', 'bv1y7411Q7Eq', v(BV)],
	['bare av', 'av170001', v(BV_170001)],
	['bare AV', 'AV170001', v(BV_170001)],
	['bare av, big aid', 'av111298867365120', v('BV1L9Uoa9EUx')],
	['bare ep', 'ep123456', ep(123456)],
	['bare ss', 'ss12345', ss(12345)],
	['bare EP upper case', 'EP123456', ep(123456)],
	// Video pages
	['www video', `https://www.bilibili.com/video/${BV}`, v(BV)],
	['trailing slash', `https://www.bilibili.com/video/${BV}/`, v(BV)],
	['p and t', `https://www.bilibili.com/video/${BV}?p=2&t=90`, v(BV, 2, 90)],
	['fractional t', `https://www.bilibili.com/video/${BV}?p=2&t=90.5`, v(BV, 2, 90.5)],
	['slash then query', `https://www.bilibili.com/video/${BV}/?p=3&t=12`, v(BV, 3, 12)],
	['http scheme', `http://www.bilibili.com/video/${BV}`, v(BV)],
	['upper-case host', `https://WWW.BILIBILI.COM/video/${BV}`, v(BV)],
	['bare domain, av path', 'bilibili.com/video/av170001', v(BV_170001)],
	['av path with scheme', 'https://www.bilibili.com/video/av170001/', v(BV_170001)],
	['no scheme, www', `www.bilibili.com/video/${BV}`, v(BV)],
	['no scheme, m', `m.bilibili.com/video/${BV}`, v(BV)],
	['mobile with p', `https://m.bilibili.com/video/${BV}?p=3`, v(BV, 3)],
	['mobile legacy .html', 'https://m.bilibili.com/video/av170001.html', v(BV_170001)],
	['legacy index_N.html', 'https://www.bilibili.com/video/av170001/index_4.html', v(BV_170001, 4)],
	['share path /s/video', `https://www.bilibili.com/s/video/${BV}`, v(BV)],
	['fragment ignored', `https://www.bilibili.com/video/${BV}#reply123`, v(BV)],
	['bvid query, festival page', `https://www.bilibili.com/festival/2024bnj?bvid=${BV}`, v(BV)],
	['bvid query, watch later', `https://www.bilibili.com/list/watchlater?bvid=${BV}&p=2`, v(BV, 2)],
	[
		'start_progress in ms',
		`https://m.bilibili.com/video/${BV}?start_progress=90500`,
		v(BV, 1, 90.5),
	],
	[
		't beats start_progress',
		`https://m.bilibili.com/video/${BV}?t=5&start_progress=90500`,
		v(BV, 1, 5),
	],
	['garbage t', `https://www.bilibili.com/video/${BV}?t=abc`, v(BV)],
	['negative t', `https://www.bilibili.com/video/${BV}?t=-5`, v(BV)],
	['t with units', `https://www.bilibili.com/video/${BV}?t=1m30s`, v(BV)],
	['p=0 clamps', `https://www.bilibili.com/video/${BV}?p=0`, v(BV)],
	['p=-2 clamps', `https://www.bilibili.com/video/${BV}?p=-2`, v(BV)],
	['p garbage', `https://www.bilibili.com/video/${BV}?p=two`, v(BV)],
	['p fractional', `https://www.bilibili.com/video/${BV}?p=2.5`, v(BV)],
	[
		'BV as any path segment',
		`https://www.bilibili.com/medialist/play/watchlater/${BV}?p=2`,
		v(BV, 2),
	],
	// Embed player
	[
		'player with aid, bvid, cid, p, t',
		`https://player.bilibili.com/player.html?aid=99999999&bvid=${BV}&cid=171776208&p=2&t=30`,
		v(BV, 2, 30),
	],
	['player with page=', `https://player.bilibili.com/player.html?bvid=${BV}&page=3`, v(BV, 3)],
	[
		'player protocol-relative',
		`//player.bilibili.com/player.html?isOutside=true&aid=99999999&bvid=${BV}&cid=1&p=1`,
		v(BV),
	],
	['player aid only', 'https://player.bilibili.com/player.html?aid=170001&p=2', v(BV_170001, 2)],
	[
		'player episodeId',
		'https://player.bilibili.com/player.html?episodeId=123456&t=7',
		ep(123456, 7),
	],
	['player seasonId', 'https://player.bilibili.com/player.html?seasonId=12345', ss(12345)],
	[
		'pasted iframe embed code',
		`<iframe src="//player.bilibili.com/player.html?isOutside=true&aid=99999999&bvid=${BV}&cid=1&p=1" scrolling="no" allowfullscreen="true"></iframe>`,
		v(BV),
	],
	// Bangumi
	['bangumi ep', 'https://www.bilibili.com/bangumi/play/ep123456', ep(123456)],
	['bangumi ss', 'https://www.bilibili.com/bangumi/play/ss12345', ss(12345)],
	['bangumi ep with t', 'https://www.bilibili.com/bangumi/play/ep123456?t=30', ep(123456, 30)],
	['mobile bangumi ep', 'm.bilibili.com/bangumi/play/ep123456', ep(123456)],
	// Short links
	['b23 code', 'https://b23.tv/pigt3PQ', short('https://b23.tv/pigt3PQ')],
	['b23 code, no scheme', 'b23.tv/pigt3PQ', short('https://b23.tv/pigt3PQ')],
	[
		'b23 tracking dropped',
		'https://b23.tv/pigt3PQ?share_medium=android&unique_k=x',
		short('https://b23.tv/pigt3PQ'),
	],
	['b23 with t', 'http://b23.tv/pigt3PQ?t=12', short('https://b23.tv/pigt3PQ', 12)],
	['b23 BV path', `b23.tv/${BV}`, v(BV)],
	['b23 BV path with p', `https://b23.tv/${BV}?p=2`, v(BV, 2)],
	['b23 av path', 'https://b23.tv/av170001', v(BV_170001)],
	['b23 ep path', 'https://b23.tv/ep123456', ep(123456)],
	['bili2233 code', 'https://bili2233.cn/xxxx', short('https://bili2233.cn/xxxx')],
	// Share text
	[
		'web share text',
		`【标题】 https://www.bilibili.com/video/BV1GJ411x7h7/?share_source=copy_web&vd_source=abc 你看这个`,
		v('BV1GJ411x7h7'),
	],
	['app share text', 'https://b23.tv/abc1234 分享自哔哩哔哩', short('https://b23.tv/abc1234')],
	[
		'app share text, title first',
		'【某某视频-哔哩哔哩】 https://b23.tv/abc1234',
		short('https://b23.tv/abc1234'),
	],
	['URL glued to CJK', `看这个https://www.bilibili.com/video/${BV}好看`, v(BV)],
	['URL in parentheses', `(see https://www.bilibili.com/video/${BV}).`, v(BV)],
	['bare BV in text', `这个 ${BV} 很好看`, v(BV)],
	['bare BV glued to CJK', `视频${BV}好看`, v(BV)],
	['URL beats an earlier bare id', `EP1 https://www.bilibili.com/video/${BV}`, v(BV)],
	['foreign URL then bilibili', `https://example.com/ and ${BV}`, v(BV)],
	['id-less bilibili URL, then id', `https://www.bilibili.com/ ${BV}`, v(BV)],
	// Whitespace and encoding
	['surrounding whitespace', `  \t${BV}\n `, v(BV)],
	['full-width spaces', `\u3000${BV}\u3000`, v(BV)],
	['zero-width space and BOM', `\u200B\uFEFF${BV}\u200B`, v(BV)],
	['percent-encoded spaces', `%20%20${BV}%20`, v(BV)],
	['percent-encoded full-width space', `%E3%80%80${BV}%E3%80%80`, v(BV)],
	['whole URL percent-encoded', `https%3A%2F%2Fwww.bilibili.com%2Fvideo%2F${BV}%3Fp%3D2`, v(BV, 2)],
	['percent-encoded path id', `https://www.bilibili.com/video/%42${BV.slice(1)}`, v(BV)],
	['trailing-dot host', `https://www.bilibili.com./video/${BV}`, v(BV)],
];

const REJECTED: [string, string, LinkError][] = [
	['empty', '', LinkError.EMPTY],
	['whitespace only', '  \t\n\u3000 ', LinkError.EMPTY],
	['encoded whitespace only', '%20%20', LinkError.EMPTY],
	['too long', `https://www.bilibili.com/video/${BV}?x=${'a'.repeat(2048)}`, LinkError.TOO_LONG],
	['foreign host', `https://evil.com/video/${BV}`, LinkError.NOT_BILIBILI],
	['foreign host, no scheme', `evil.com/video/${BV}`, LinkError.NOT_BILIBILI],
	['suffix attack', `https://bilibili.com.evil.com/video/${BV}`, LinkError.NOT_BILIBILI],
	['lookalike host', `https://notbilibili.com/video/${BV}`, LinkError.NOT_BILIBILI],
	['userinfo trick', `https://www.bilibili.com@evil.com/video/${BV}`, LinkError.NOT_BILIBILI],
	['international site', `https://www.bilibili.tv/en/video/${BV}`, LinkError.NOT_BILIBILI],
	['b23 lookalike', 'https://b23.tv.evil.com/abc1234', LinkError.NOT_BILIBILI],
	[
		'javascript URL',
		`javascript:alert('https://www.bilibili.com/video/${BV}')`,
		LinkError.NOT_BILIBILI,
	],
	['JavaScript URL, mixed case', 'JavaScript:void(0)', LinkError.NOT_BILIBILI],
	['data URL', `data:text/html,https://www.bilibili.com/video/${BV}`, LinkError.NOT_BILIBILI],
	['ftp scheme', `ftp://www.bilibili.com/video/${BV}`, LinkError.NOT_BILIBILI],
	['plain words', 'hello world', LinkError.NOT_BILIBILI],
	['home page', 'https://www.bilibili.com/', LinkError.NO_VIDEO_ID],
	['space page', 'https://space.bilibili.com/2', LinkError.NO_VIDEO_ID],
	['video path without id', 'https://www.bilibili.com/video/', LinkError.NO_VIDEO_ID],
	['empty player', 'https://player.bilibili.com/player.html', LinkError.NO_VIDEO_ID],
	['b23 without code', 'https://b23.tv/', LinkError.NO_VIDEO_ID],
	['BV too short', 'BV1y7411Q7E', LinkError.INVALID_ID],
	['BV too long', 'BV1y7411Q7Eqq', LinkError.INVALID_ID],
	['BV bad alphabet', 'BV1y7411Q70q', LinkError.INVALID_ID],
	['BV bad in URL', 'https://www.bilibili.com/video/BV1y7411Q7E', LinkError.INVALID_ID],
	['bvid query bad', 'https://player.bilibili.com/player.html?bvid=BV123', LinkError.INVALID_ID],
	['not an id in video path', 'https://www.bilibili.com/video/hello', LinkError.INVALID_ID],
	['av0', 'av0', LinkError.INVALID_ID],
	['av0 in URL', 'https://www.bilibili.com/video/av0', LinkError.INVALID_ID],
	['av at 2^51', 'av2251799813685248', LinkError.INVALID_ID],
	['av huge', 'av99999999999999999999999', LinkError.INVALID_ID],
	['player aid garbage', 'https://player.bilibili.com/player.html?aid=abc', LinkError.INVALID_ID],
	['ep0', 'ep0', LinkError.INVALID_ID],
	['bangumi without id', 'https://www.bilibili.com/bangumi/play/xyz', LinkError.INVALID_ID],
	['b23 bad code', 'https://b23.tv/a_b-c', LinkError.INVALID_ID],
	['live room', 'https://live.bilibili.com/21452505', LinkError.UNSUPPORTED],
	['course', 'https://www.bilibili.com/cheese/play/ep1234', LinkError.UNSUPPORTED],
	['bangumi media id', 'md28229233', LinkError.UNSUPPORTED],
	[
		'bangumi media page',
		'https://www.bilibili.com/bangumi/media/md28229233',
		LinkError.UNSUPPORTED,
	],
];

describe('parseBilibiliLink accepts', () => {
	it.each(ACCEPTED)('%s: %s', (_label, input, expected) => {
		expect(parseBilibiliLink(input)).toEqual({ ok: true, value: expected });
	});
});

describe('parseBilibiliLink rejects', () => {
	it.each(REJECTED)('%s → %s', (_label, input, error) => {
		const result = parseBilibiliLink(input);
		expect(result).toMatchObject({ ok: false, error });
		if (!result.ok) expect(result.message).toMatch(/^[A-Z0-9a-z].*\.$/);
	});
});

describe('parseBilibiliLink edge cases', () => {
	it('accepts input of exactly 2048 characters', () => {
		const input = `${BV}${' '.repeat(2048 - BV.length)}`;
		expect(parseBilibiliLink(input).ok).toBe(true);
		expect(parseBilibiliLink(`${input} `)).toMatchObject({ ok: false, error: 'too_long' });
	});

	it.each([
		['many dots', `${'a.'.repeat(1020)}`],
		['many ids', 'bv'.repeat(1024)],
		['many slashes', `https://${'/'.repeat(2000)}`],
		['many short words', 'av1 '.repeat(512)],
	])('stays fast on adversarial input: %s', (_label, input) => {
		for (let i = 0; i < 20; i++) parseBilibiliLink(input);
		// The assertion is the test's own timeout; reaching here is enough.
		expect(parseBilibiliLink(input).ok).toBeTypeOf('boolean');
	});

	it('takes the first of several bilibili URLs', () => {
		const text = `https://www.bilibili.com/video/${BV} https://www.bilibili.com/video/av170001`;
		expect(parseBilibiliLink(text)).toEqual({ ok: true, value: v(BV) });
	});

	it('reports the bilibili error rather than a foreign URL', () => {
		const text = 'https://example.com/x https://www.bilibili.com/video/BV123';
		expect(parseBilibiliLink(text)).toMatchObject({ ok: false, error: 'invalid_id' });
	});

	it('never reports an id taken from inside a foreign URL', () => {
		const result = parseBilibiliLink(`看看 https://evil.com/video/${BV} 哈`);
		expect(result).toMatchObject({ ok: false, error: 'not_bilibili' });
	});

	it('keeps a short-link code case-sensitive and drops credentials', () => {
		expect(parseBilibiliLink('https://user:pw@b23.tv/AbC1234')).toEqual({
			ok: true,
			value: short('https://b23.tv/AbC1234'),
		});
	});
});
