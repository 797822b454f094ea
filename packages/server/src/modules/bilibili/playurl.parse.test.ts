import { describe, expect, it } from 'vitest';
import { isByteRange, parsePlayurl, playInfoDeadlineSec, urlDeadlineSec } from './playurl.parse.js';

// Shapes the fake upstream never produces (its own answers are covered in bilibili.parse.test.ts).

describe('parsePlayurl edge shapes', () => {
	it('a code-0 playurl without streams, a PGC preview and an empty ladder are failures', () => {
		const ok = (data: unknown) => ({ status: 200, json: { code: 0, data } });
		expect(parsePlayurl(ok({ quality: 32 }), 'playurl')).toMatchObject({
			reason: 'upstream_down',
		});
		expect(
			parsePlayurl(
				{ status: 200, json: { code: 0, result: { is_preview: 1, dash: {} } } },
				'pgcPlayurl',
			),
		).toMatchObject({ reason: 'premium_only' });
		expect(parsePlayurl(ok({ dash: { video: [], audio: [] } }), 'playurl')).toMatchObject({
			reason: 'premium_only',
		});
	});

	it('reads snake_case-only entries and drops unusable ones', () => {
		const entry = {
			id: 80,
			base_url: 'https://upos-sz-mirrorcos.bilivideo.com/upgcxcode/a.m4s?deadline=1',
			backup_url: ['https://upos-sz-mirrorhw.bilivideo.com/upgcxcode/a.m4s', 'javascript:x'],
			bandwidth: 1_000_000,
			mime_type: 'video/mp4',
			codecs: 'avc1.640032',
			width: 1920,
			height: 1080,
			frame_rate: '29.412',
			sar: '1:1',
			start_with_sap: 1,
			segment_base: { initialization: '0-1159', index_range: '1160-2019' },
			codecid: 7,
		};
		const broken = { ...entry, id: 64, segment_base: { initialization: '9-1', index_range: 'x' } };
		const parsed = parsePlayurl(
			{
				status: 200,
				json: { code: 0, data: { timelength: 61_000, dash: { video: [entry, broken] } } },
			},
			'playurl',
		);
		expect(parsed).toMatchObject({
			ok: true,
			value: {
				kind: 'dash',
				durationMs: 61_000,
				audio: [],
				video: [
					{
						id: 80,
						initialization: '0-1159',
						indexRange: '1160-2019',
						frameRate: '29.412',
						urls: [entry.base_url, entry.backup_url[0]],
					},
				],
			},
		});
	});

	it('reads PGC answers nested in video_info', () => {
		const entry = {
			id: 30280,
			baseUrl: 'https://a.bilivideo.com/upgcxcode/a.m4s',
			bandwidth: 1,
			codecs: 'mp4a.40.2',
			SegmentBase: { Initialization: '0-1', indexRange: '2-3' },
		};
		const video = { ...entry, id: 16, codecs: 'avc1.64001E', codecid: 7 };
		const parsed = parsePlayurl(
			{
				status: 200,
				json: {
					code: 0,
					result: { video_info: { dash: { duration: 7, video: [video], audio: [entry] } } },
				},
			},
			'pgcPlayurl',
		);
		expect(parsed).toMatchObject({ ok: true, value: { kind: 'dash', durationMs: 7000 } });
	});

	it('refuses segmented (FLV-era) durl answers', () => {
		const durl = [
			{ url: 'https://a.bilivideo.com/a.flv' },
			{ url: 'https://a.bilivideo.com/b.flv' },
		];
		expect(
			parsePlayurl({ status: 200, json: { code: 0, data: { durl } } }, 'playurl'),
		).toMatchObject({
			reason: 'upstream_down',
		});
	});
});

describe('byte ranges and deadlines', () => {
	it.each([
		['0-1159', true],
		['1160-2019', true],
		['5-5', true],
		['9-1', false],
		['-1', false],
		['a-b', false],
		['1-', false],
	])('isByteRange(%s) = %s', (range, ok) => {
		expect(isByteRange(range)).toBe(ok);
	});

	it('reads the earliest deadline of an answer', () => {
		expect(urlDeadlineSec('https://a/x?deadline=1700000000&x=1')).toBe(1_700_000_000);
		expect(urlDeadlineSec('https://a/x?deadline=soon')).toBeNull();
		expect(urlDeadlineSec('not a url')).toBeNull();
		expect(
			playInfoDeadlineSec({
				kind: 'durl',
				durationMs: 1,
				size: null,
				urls: ['https://a/x?deadline=20', 'https://b/x?deadline=10', 'https://c/x'],
			}),
		).toBe(10);
	});
});
