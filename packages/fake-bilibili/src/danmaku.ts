/**
 * Danmaku fixtures (doc §5.7): a deterministic pool per cid, rendered as the `list.so` XML or as
 * protobuf `DmSegMobileReply` segments of 6 minutes.
 */
import protobuf from 'protobufjs';

/** One comment, in the fields both formats share. */
export interface Danmaku {
	/** Decimal string: dmids exceed 2^53. */
	id: string;
	/** Position in ms. */
	progress: number;
	mode: number;
	fontsize: number;
	color: number;
	midHash: string;
	content: string;
	ctime: number;
	weight: number;
	pool: number;
}

/** Comments per part. */
export const DANMAKU_PER_PART = 36;
/** Length of one seg.so segment, ms. */
export const SEGMENT_MS = 6 * 60 * 1000;

// Includes characters the XML must escape (<, >, &) and a few that must survive intact.
const TEXTS = [
	'前方高能！',
	'第一！',
	'哈哈哈哈哈哈',
	'<script>alert("xss")</script>',
	'AT&T 信号满格 & 弹幕护体',
	'2333333',
	'同步率 100% <(￣︶￣)>',
	'"双引号" 与 \'单引号\'',
	'空降 00:05 &lt;不是实体&gt;',
	'这里好评 🐶',
	'一起看的朋友们晚上好',
	'a < b && c > d',
];
const MODES = [1, 1, 1, 1, 4, 5];
const COLORS = [16777215, 16777215, 16711680, 16776960, 65280, 52479];
const SIZES = [25, 25, 25, 18, 36];

/** mulberry32: small deterministic PRNG so every run serves the same pool. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length)] as T;

/** The pool of a cid: {@link DANMAKU_PER_PART} comments spread over `durationSec`, by time. */
export function danmakuFor(cid: number, durationSec: number): Danmaku[] {
	const rand = prng(cid);
	const slot = (durationSec * 1000) / DANMAKU_PER_PART;
	return Array.from({ length: DANMAKU_PER_PART }, (_, i) => ({
		id: (10n ** 15n + BigInt(cid) * 1000n + BigInt(i)).toString(),
		progress: Math.floor(i * slot + rand() * slot),
		mode: pick(MODES, rand()),
		fontsize: pick(SIZES, rand()),
		color: pick(COLORS, rand()),
		midHash: Math.floor(rand() * 0xffffffff)
			.toString(16)
			.padStart(8, '0'),
		content: TEXTS[i % TEXTS.length] as string,
		ctime: 1_700_000_000 + i * 37,
		weight: 1 + Math.floor(rand() * 10),
		pool: i === 7 ? 1 : 0,
	}));
}

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
	return text
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;');
}

/** `p` attribute: time,mode,size,color,ctime,pool,midHash,dmid,weight. */
function pAttr(d: Danmaku): string {
	const time = (d.progress / 1000).toFixed(5);
	return [time, d.mode, d.fontsize, d.color, d.ctime, d.pool, d.midHash, d.id, d.weight].join(',');
}

/** The whole-pool XML of `list.so` / `comment.bilibili.com/<cid>.xml`. */
export function danmakuXml(cid: number, list: readonly Danmaku[]): string {
	const items = list.map((d) => `<d p="${pAttr(d)}">${escapeXml(d.content)}</d>`).join('');
	return (
		'<?xml version="1.0" encoding="UTF-8"?><i><chatserver>chat.bilibili.com</chatserver>' +
		`<chatid>${cid}</chatid><mission>0</mission><maxlimit>${Math.max(1000, list.length)}</maxlimit>` +
		`<state>0</state><real_name>0</real_name><source>k-v</source>${items}</i>`
	);
}

/** Schema of `bilibili.community.service.dm.v1` as far as seg.so uses it. */
export const DM_PROTO = `
syntax = "proto3";
package bilibili.community.service.dm.v1;
message DmSegMobileReply {
	repeated DanmakuElem elems = 1;
	int32 state = 2;
	DanmakuAIFlag ai_flag = 3;
	repeated DmColorful colorfulSrc = 5;
}
message DanmakuElem {
	int64 id = 1;
	int32 progress = 2;
	int32 mode = 3;
	int32 fontsize = 4;
	uint32 color = 5;
	string midHash = 6;
	string content = 7;
	int64 ctime = 8;
	int32 weight = 9;
	string action = 10;
	int32 pool = 11;
	string idStr = 12;
	int32 attr = 13;
	string animation = 22;
	DmColorfulType colorful = 24;
}
message DanmakuAIFlag { repeated DanmakuFlag dm_flags = 1; }
message DanmakuFlag { int64 dmid = 1; uint32 flag = 2; }
message DmColorful { DmColorfulType type = 1; string src = 2; }
enum DmColorfulType { NoneType = 0; VipGradualColor = 60001; }
`;

/** The `DmSegMobileReply` message type. */
export const DmSegMobileReply = protobuf
	.parse(DM_PROTO)
	.root.lookupType('bilibili.community.service.dm.v1.DmSegMobileReply');

/** Encodes segment `index` (1-based, 6 minutes each) of a pool; empty bytes when nothing falls in it. */
export function encodeSegment(list: readonly Danmaku[], index: number): Uint8Array {
	const from = (index - 1) * SEGMENT_MS;
	const elems = list
		.filter((d) => d.progress >= from && d.progress < from + SEGMENT_MS)
		.map((d) => ({ ...d, idStr: d.id, action: '', attr: 0, animation: '', colorful: 0 }));
	if (elems.length === 0) return new Uint8Array(0);
	return DmSegMobileReply.encode(DmSegMobileReply.fromObject({ elems, state: 0 })).finish();
}
