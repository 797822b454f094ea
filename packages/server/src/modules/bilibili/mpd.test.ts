import { buildFakeBilibili, loadMedia } from '@videotogether/fake-bilibili';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeXmlText } from './danmaku.parse.js';
import { dmImgParams, makeFingerprint } from './fingerprint.js';
import {
	buildMpd,
	escapeXml,
	frameRateAttr,
	isoDuration,
	offeredFamilies,
	playableAudio,
	videoOfFamily,
} from './mpd.js';
import { parsePlayurl, type DashStream, type PlayInfo } from './playurl.parse.js';
import { signWbi } from './wbi.js';

interface XmlNode {
	name: string;
	attrs: Record<string, string>;
	children: XmlNode[];
	text: string;
}

/** A tiny, strict XML reader: enough to prove nesting, attributes and escaping. */
function parseXml(xml: string): XmlNode {
	const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
	const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
	const stack = [root];
	const re = /<\/([\w:]+)\s*>|<([\w:]+)((?:\s+[\w:]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
	let m: RegExpExecArray | null;
	let at = 0;
	while (at < body.length && (m = re.exec(body))) {
		at = re.lastIndex;
		const top = stack.at(-1) as XmlNode;
		if (m[1]) {
			if (top.name !== m[1]) throw new Error(`</${m[1]}> closes <${top.name}>`);
			stack.pop();
		} else if (m[2]) {
			const attrs: Record<string, string> = {};
			for (const a of (m[3] ?? '').matchAll(/([\w:]+)="([^"]*)"/g)) {
				attrs[a[1] as string] = decodeXmlText(a[2] as string);
			}
			const node: XmlNode = { name: m[2], attrs, children: [], text: '' };
			top.children.push(node);
			if (!m[4]) stack.push(node);
		} else top.text += decodeXmlText(m[5] ?? '');
	}
	if (at !== body.length || stack.length !== 1) throw new Error('malformed XML');
	const [doc] = root.children;
	if (!doc || root.children.length !== 1) throw new Error('no single root');
	return doc;
}

const kids = (node: XmlNode, name: string) => node.children.filter((c) => c.name === name);
const NOW_MS = Date.UTC(2026, 0, 1);
let dash: Extract<PlayInfo, { kind: 'dash' }>;

beforeAll(async () => {
	const fake = await buildFakeBilibili({ media: await loadMedia(), now: () => NOW_MS });
	const keys = {
		imgKey: '7cd084941338484aae1ad9425b84077c',
		subKey: '4932caff0ff746eab6f01bf08b70ac45',
	};
	const params = {
		bvid: 'BV1y7411Q7Eq',
		cid: 171776208,
		fnval: 4048,
		try_look: 1,
		...dmImgParams(makeFingerprint(Math.random), Math.random),
	};
	const res = await fake.inject({
		url: `/x/player/wbi/playurl?${signWbi(params, keys, NOW_MS / 1000)}`,
		headers: { 'user-agent': 'Mozilla/5.0', referer: 'https://www.bilibili.com/' },
	});
	const parsed = parsePlayurl({ status: res.statusCode, json: res.json() }, 'playurl');
	if (!parsed.ok || parsed.value.kind !== 'dash') throw new Error('fake gave no DASH');
	dash = parsed.value;
	await fake.close();
});

const proxyUrl = (s: DashStream) => `/api/bili/media/${s.kind}-${s.id}-${s.codecid}.sig&"<>`;

describe('buildMpd', () => {
	it('builds a static on-demand MPD that parses back with the JSON’s ranges', () => {
		const video = videoOfFamily(dash, 'avc');
		const audio = playableAudio(dash);
		const mpd = parseXml(
			buildMpd({ durationMs: dash.durationMs, video, audio, baseUrl: proxyUrl }),
		);
		expect(mpd.name).toBe('MPD');
		expect(mpd.attrs).toMatchObject({
			type: 'static',
			profiles: 'urn:mpeg:dash:profile:isoff-on-demand:2011',
			mediaPresentationDuration: 'PT10S',
			minBufferTime: 'PT1.5S',
		});
		const [period] = kids(mpd, 'Period');
		const sets = kids(period as XmlNode, 'AdaptationSet');
		expect(sets.map((s) => s.attrs.contentType)).toEqual(['video', 'audio']);
		const reps = sets.flatMap((s) => kids(s, 'Representation'));
		expect(reps).toHaveLength(video.length + audio.length);
		for (const [i, stream] of [...video, ...audio].entries()) {
			const rep = reps[i] as XmlNode;
			expect(rep.attrs).toMatchObject({
				bandwidth: String(stream.bandwidth),
				codecs: stream.codecs,
				mimeType: stream.mimeType,
				startWithSAP: '1',
			});
			const [base] = kids(rep, 'BaseURL');
			expect(base?.text).toBe(proxyUrl(stream)); // escaped on the way out, intact on the way in
			const [segmentBase] = kids(rep, 'SegmentBase');
			expect(segmentBase?.attrs.indexRange).toBe(stream.indexRange);
			// Initialization is a CHILD element with a range attribute, not an attribute.
			expect(segmentBase?.attrs.Initialization).toBeUndefined();
			expect(kids(segmentBase as XmlNode, 'Initialization')[0]?.attrs.range).toBe(
				stream.initialization,
			);
		}
		const v64 = reps[0] as XmlNode;
		expect(v64.attrs).toMatchObject({
			id: 'v64',
			width: '1280',
			height: '720',
			frameRate: '30',
			sar: '1:1',
		});
		expect(reps.at(-1)?.attrs.sar).toBeUndefined(); // audio has no sar
	});

	it('contains only the chosen codec family', () => {
		expect(offeredFamilies(dash).sort()).toEqual(['avc', 'hevc']);
		const xml = buildMpd({
			durationMs: 10_000,
			video: videoOfFamily(dash, 'hevc'),
			audio: [],
			baseUrl: () => '/x',
		});
		expect(xml).toContain('hev1');
		expect(xml).not.toContain('avc1');
		expect(kids(kids(parseXml(xml), 'Period')[0] as XmlNode, 'AdaptationSet')).toHaveLength(1);
	});

	it('escapes every attribute and text value', () => {
		const evil = {
			...(dash.video[0] as DashStream),
			codecs: 'avc1"><script>&',
			mimeType: "video/mp4'",
		};
		const xml = buildMpd({
			durationMs: 1,
			video: [evil],
			audio: [],
			baseUrl: () => '/a?b=1&c=<2>',
		});
		expect(xml).not.toContain('<script>');
		const rep = parseXml(xml).children[0]?.children[0]?.children[0] as XmlNode;
		expect(rep.attrs.codecs).toBe('avc1"><script>&');
		expect(rep.attrs.mimeType).toBe("video/mp4'");
		expect(kids(rep, 'BaseURL')[0]?.text).toBe('/a?b=1&c=<2>');
	});
});

describe('MPD value formats', () => {
	it.each([
		[10_000, 'PT10S'],
		[10_500, 'PT10.5S'],
		[3_723_250, 'PT3723.25S'],
		[1, 'PT0.001S'],
		[0, 'PT0S'],
		[Number.NaN, 'PT0S'],
	])('isoDuration(%d) = %s', (ms, iso) => {
		expect(isoDuration(ms)).toBe(iso);
	});

	it.each([
		['30', '30'],
		['30.000', '30'],
		['30.303', '30303/1000'],
		['29.970', '2997/100'],
		['25.0', '25'],
		['30000/1001', '30000/1001'],
		['abc', null],
		[null, null],
	])('frameRateAttr(%s) = %s', (input, expected) => {
		expect(frameRateAttr(input)).toBe(expected);
	});

	it('escapes the five XML characters', () => {
		expect(escapeXml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&apos;');
	});
});
