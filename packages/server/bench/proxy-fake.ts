/**
 * Child process of the proxy benchmark: the fake Bilibili upstream (packages/fake-bilibili) on a
 * free loopback port, its own process so its CPU is not the readers'. The fixture streams are
 * 10 s clips of a few hundred KB, too short to measure throughput, so the 720p AVC stream of
 * every part is swapped for the same clip looped by ffmpeg (`-c copy`, no re-encoding) into one
 * on-demand fMP4 of about 60 MB, cached in the OS temp dir (never committed). Its size, ranges and
 * path replace the fixture's in the catalogue, so the playurl answer and the CDN agree; the
 * reported duration stays 10 s, which nothing here reads.
 *
 * Sends `{type: 'ready', url, port, mediaPath, size, directUrl}` over IPC; `directUrl` is that
 * stream's CDN URL from a signed playurl request, as a Bilibili client would get it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	DM_IMG_PARAMS,
	KNOWN_WBI_KEYS,
	fixtures,
	loadMedia,
	segmentBaseRanges,
	signWbi,
	start,
	type DashStream,
	type MediaCatalog,
} from '@videotogether/fake-bilibili';

const LOOPS = Number(process.env.BENCH_PROXY_LOOPS ?? 96);
/** The stream the benchmark reads: qn 64 (720P), AVC. */
const BENCH_QN = 64;
const AVC = 7;
const ON_DEMAND = '+frag_keyframe+empty_moov+default_base_moof+global_sidx';

/** The looped copy of `source` (generated once per size, then reused). */
function loopedCopy(source: string): string {
	const dir = join(tmpdir(), 'vt-bench-proxy');
	const target = join(dir, `avc-720-x${LOOPS}.m4s`);
	if (existsSync(target)) return target;
	mkdirSync(dir, { recursive: true });
	const partial = `${target}.${process.pid}.partial`;
	execFileSync('ffmpeg', [
		...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
		...['-stream_loop', String(LOOPS - 1), '-i', source, '-c', 'copy'],
		...['-movflags', ON_DEMAND, '-f', 'mp4', partial],
	]);
	renameSync(partial, target);
	return target;
}

function withLargeStream(media: MediaCatalog): { media: MediaCatalog; large: DashStream } {
	const fixture = media.video.find((v) => v.id === BENCH_QN && v.codecid === AVC);
	if (!fixture) throw new Error('the fixtures have no 720P AVC stream');
	const path = loopedCopy(fixture.path);
	const bytes = readFileSync(path);
	const large: DashStream = {
		...fixture,
		path,
		size: bytes.byteLength,
		ranges: segmentBaseRanges(bytes),
	};
	const byStreamId = new Map(media.byStreamId).set(large.streamId, large);
	const video = media.video.map((v) => (v === fixture ? large : v));
	return { media: { ...media, video, byStreamId }, large };
}

interface PlayurlAnswer {
	data?: {
		dash?: { video?: { id: number; codecid: number; baseUrl: string; backupUrl?: string[] }[] };
	};
}

/** The stream's URL on the regular CDN host (the fake puts the best AVC's `baseUrl` on PCDN). */
async function cdnUrlOf(base: string): Promise<string> {
	const part = fixtures.SINGLE_PART;
	const params: Record<string, string | number> = {
		bvid: part.bvid,
		cid: part.pages[0]?.cid ?? 0,
		qn: BENCH_QN,
		fnval: 16,
		try_look: 1,
	};
	for (const name of DM_IMG_PARAMS) params[name] = '[]';
	const { query } = signWbi(params, KNOWN_WBI_KEYS, Math.floor(Date.now() / 1000));
	const res = await fetch(`${base}/x/player/wbi/playurl?${query}`, {
		headers: { 'user-agent': 'Mozilla/5.0 (bench)' },
	});
	const answer = (await res.json()) as PlayurlAnswer;
	const stream = answer.data?.dash?.video?.find((v) => v.id === BENCH_QN && v.codecid === AVC);
	const url = [stream?.baseUrl, ...(stream?.backupUrl ?? [])].find((u) => u?.startsWith(base));
	if (!url) throw new Error(`no CDN URL for the 720P AVC stream in ${JSON.stringify(answer)}`);
	return url;
}

const { media, large } = withLargeStream(await loadMedia());
const fake = await start(0, { media });
const directUrl = await cdnUrlOf(fake.url);
process.send?.({
	type: 'ready',
	url: fake.url,
	port: fake.port,
	mediaPath: large.path,
	size: large.size,
	directUrl,
});
process.on('disconnect', () => {
	fake.app.server.closeAllConnections();
	void fake.close().then(() => process.exit(0));
});
