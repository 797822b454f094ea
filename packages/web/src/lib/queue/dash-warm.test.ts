import { describe, expect, it } from 'vitest';
import {
	FIRST_SEGMENT_MAX_BYTES,
	firstSegmentFromSidx,
	planFromMpd,
	startingRepresentation,
	warmDash,
	type ByteRange,
} from './dash-warm.js';

const PAGE = 'https://watch.example/r/lobby';

/** The shape our server's MPD builder writes (see server mpd.ts); each index is a 56-byte sidx. */
const MPD = `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011">
	<Period>
		<AdaptationSet id="1" contentType="video" mimeType="video/mp4">
			<Representation id="v16" bandwidth="400000" codecs="avc1.64001E" mimeType="video/mp4">
				<BaseURL>/api/bili/media/low?x=1&amp;y=2</BaseURL>
				<SegmentBase indexRange="900-955"><Initialization range="0-899"/></SegmentBase>
			</Representation>
			<Representation id="v32" bandwidth="900000" codecs="avc1.64001F" mimeType="video/mp4">
				<BaseURL>/api/bili/media/mid</BaseURL>
				<SegmentBase indexRange="1000-1055"><Initialization range="0-999"/></SegmentBase>
			</Representation>
			<Representation id="v80" bandwidth="3000000" codecs="avc1.640028" mimeType="video/mp4">
				<BaseURL>/api/bili/media/high</BaseURL>
				<SegmentBase indexRange="1100-1155"><Initialization range="0-1099"/></SegmentBase>
			</Representation>
		</AdaptationSet>
		<AdaptationSet id="2" contentType="audio" mimeType="audio/mp4">
			<Representation id="a30280" bandwidth="192000" codecs="mp4a.40.2" mimeType="audio/mp4">
				<BaseURL>/api/bili/media/aac</BaseURL>
				<SegmentBase indexRange="700-755"><Initialization range="0-699"/></SegmentBase>
			</Representation>
			<Representation id="bad" bandwidth="1">
				<BaseURL>/api/bili/media/no-ranges</BaseURL>
			</Representation>
		</AdaptationSet>
	</Period>
</MPD>`;

/** A version-0 `sidx` box with the given first offset and first reference size. */
function sidx(firstOffset: number, firstSize: number, { toIndex = false } = {}): Uint8Array {
	const size = 12 + 8 + 8 + 4 + 12 * 2;
	const view = new DataView(new ArrayBuffer(size));
	view.setUint32(0, size);
	[...'sidx'].forEach((c, i) => view.setUint8(4 + i, c.charCodeAt(0)));
	view.setUint32(8, 0); // version 0, flags
	view.setUint32(12, 1); // reference_ID
	view.setUint32(16, 1000); // timescale
	view.setUint32(20, 0); // earliest_presentation_time
	view.setUint32(24, firstOffset);
	view.setUint16(28, 0);
	view.setUint16(30, 2); // reference_count
	view.setUint32(32, ((toIndex ? 1 : 0) << 31) | firstSize);
	view.setUint32(36, 2000);
	view.setUint32(40, 0x90000000);
	view.setUint32(44, 777);
	view.setUint32(48, 2000);
	view.setUint32(52, 0x90000000);
	return new Uint8Array(view.buffer);
}

describe('warming the next DASH item', () => {
	it('reads every representation with its ranges, resolved against the page', () => {
		const plan = planFromMpd(MPD, '/api/bili/manifest/t?codecs=avc', PAGE);
		expect(plan.video.map((r) => r.url)).toEqual([
			'https://watch.example/api/bili/media/low?x=1&y=2',
			'https://watch.example/api/bili/media/mid',
			'https://watch.example/api/bili/media/high',
		]);
		expect(plan.video[1]).toMatchObject({
			bandwidth: 900_000,
			head: { start: 0, end: 1055 },
			index: { start: 1000, end: 1055 },
		});
		// A representation without SegmentBase ranges is skipped.
		expect(plan.audio.map((r) => r.url)).toEqual(['https://watch.example/api/bili/media/aac']);
	});

	it('picks the representation dash.js starts on: the highest at or under its start rate', () => {
		const { video, audio } = planFromMpd(MPD, '/m', PAGE);
		expect(startingRepresentation(video, 1_000_000)?.bandwidth).toBe(900_000);
		expect(startingRepresentation(video, 100)?.bandwidth).toBe(400_000);
		expect(startingRepresentation(audio, 100_000)?.bandwidth).toBe(192_000);
		expect(startingRepresentation([], 1)).toBeNull();
	});

	it('finds the first media segment in a sidx box', () => {
		expect(firstSegmentFromSidx(sidx(0, 5000), 1000)).toEqual({ start: 1056, end: 6055 });
		expect(firstSegmentFromSidx(sidx(16, 10), 0)).toEqual({ start: 72, end: 81 });
		// Not a sidx, truncated, or pointing at another index: nothing to warm.
		const moof = sidx(0, 10);
		moof[4] = 'm'.charCodeAt(0);
		expect(firstSegmentFromSidx(moof, 0)).toBeNull();
		expect(firstSegmentFromSidx(sidx(0, 10).subarray(0, 20), 0)).toBeNull();
		expect(firstSegmentFromSidx(sidx(0, 10, { toIndex: true }), 0)).toBeNull();
	});

	it('fetches every head, then the first segment of the starting video and audio', async () => {
		const asked: ByteRange[] = [];
		const bytes = await warmDash(
			'/api/bili/manifest/t',
			new AbortController().signal,
			async () => MPD,
			async (range) => {
				asked.push(range);
				const out = new Uint8Array(range.end - range.start + 1);
				// Heads carry a real sidx where the MPD says the index is.
				const index = { mid: 1000, aac: 700, low: 900, high: 1100 }[range.url.split('/').pop()!];
				if (range.start === 0 && index !== undefined) {
					const big = range.url.endsWith('mid') ? 10_000_000 : 3000;
					out.set(sidx(0, big), index);
				}
				return out;
			},
			PAGE,
		);
		const short = asked.map((r) => `${r.url.split('/').pop()} ${r.start}-${r.end}`);
		expect(short).toEqual([
			'low?x=1&y=2 0-955',
			'mid 0-1055',
			`mid 1056-${1056 + FIRST_SEGMENT_MAX_BYTES - 1}`, // capped
			'high 0-1155',
			'aac 0-755',
			'aac 756-3755',
		]);
		expect(bytes).toBe(956 + 1056 + FIRST_SEGMENT_MAX_BYTES + 1156 + 756 + 3000);
	});
});
