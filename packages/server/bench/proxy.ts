/**
 * `pnpm bench:proxy`: the Bilibili media proxy (`/api/bili/media/<token>`) of the built server
 * against the fake CDN behind it — time to first byte and aggregate throughput of 1, 8 and 32
 * concurrent ranged readers, straight from the CDN and through the proxy, and the server's memory
 * while it streams. Three processes on loopback: the fake upstream (bench/proxy-fake.ts), the
 * server, and this one (the readers). Every response is checked — status, Content-Range,
 * Content-Length and every byte against the file — and the first wrong one ends the run with an
 * error, so the figures are those of a working proxy. Reports into docs/benchmarks.md; asserts
 * no timing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, get, type ClientRequest, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fixtures } from '@videotogether/fake-bilibili';
import { freePort } from '../test/free-port.js';
import {
	cpuSeconds,
	login,
	peakRssKb,
	resetPeakRss,
	rssKb,
	serverBuiltAt,
	sleep,
	startServer,
} from './harness.js';
import { commit, fmt, load1, machine, percentile, writeSection } from './report.js';

const READERS = (process.env.BENCH_PROXY_READERS ?? '1,8,32').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_PROXY_SECONDS ?? 6);
const STALLED = 32;
const STALL_MS = 5_000;
const MiB = 1024 ** 2;
/** What a browser on bilibili.com sends; the CDN refuses requests without both. */
const CDN_HEADERS = {
	referer: 'https://www.bilibili.com/',
	'user-agent':
		'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
};

interface FakeReady {
	type: 'ready';
	url: string;
	port: number;
	mediaPath: string;
	size: number;
	directUrl: string;
}

/** One request's byte range; `header` is the `Range` sent. */
interface Wanted {
	start: number;
	end: number;
	header: string;
}

interface Workload {
	label: string;
	pick(size: number): Wanted;
}

const WORKLOADS: Workload[] = [
	{
		// Segment-sized reads at random offsets, as an MSE player fetches fragments and seeks.
		label: '1 MiB ranges',
		pick: (size) => {
			const start = Math.floor(Math.random() * (size - MiB + 1));
			return { start, end: start + MiB - 1, header: `bytes=${start}-${start + MiB - 1}` };
		},
	},
	{
		// `bytes=N-` from a random MiB to the end, as a <video> element streams a file.
		label: 'to the end',
		pick: (size) => {
			const start = Math.floor(Math.random() * Math.floor(size / MiB)) * MiB;
			return { start, end: size - 1, header: `bytes=${start}-` };
		},
	},
];

interface Target {
	label: 'direct' | 'proxy';
	url: string;
	/** Headers of reader `i`. */
	headers(i: number): Record<string, string>;
}

/**
 * Reader `i` as its own viewer: the proxy allows a few streams per client IP, so each reader
 * comes from its own address (`X-Forwarded-For`, trusted from loopback), like viewers of a room.
 */
function viewerAddress(i: number): string {
	return `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

/** A failed check: the run stops with it. */
function wrong(target: Target, want: Wanted, what: string): Error {
	return new Error(`${target.label} ${want.header}: ${what}`);
}

/** Opens one ranged GET and checks its status and headers; resolves with the response. */
function open(agent: Agent, target: Target, reader: number, want: Wanted, size: number) {
	return new Promise<{ req: ClientRequest; res: IncomingMessage }>((resolve, reject) => {
		const headers = { ...target.headers(reader), range: want.header };
		const req = get(target.url, { agent, headers }, (res) => {
			const range = `bytes ${want.start}-${want.end}/${size}`;
			const length = String(want.end - want.start + 1);
			const problem =
				res.statusCode !== 206
					? `HTTP ${res.statusCode}`
					: res.headers['content-range'] !== range
						? `Content-Range ${res.headers['content-range']}, expected ${range}`
						: res.headers['content-length'] !== length
							? `Content-Length ${res.headers['content-length']}, expected ${length}`
							: null;
			if (problem) {
				res.resume();
				reject(wrong(target, want, problem));
			} else {
				resolve({ req, res });
			}
		});
		req.on('error', reject);
	});
}

/** One ranged read, every byte compared with the file; resolves with its time to first byte. */
async function read(
	agent: Agent,
	target: Target,
	reader: number,
	want: Wanted,
	file: Buffer,
): Promise<number> {
	const sent = performance.now();
	const { res } = await open(agent, target, reader, want, file.byteLength);
	return new Promise((resolve, reject) => {
		let ttfb = Number.NaN;
		let at = want.start;
		let failure: Error | null = null;
		res.on('data', (chunk: Buffer) => {
			if (Number.isNaN(ttfb)) ttfb = performance.now() - sent;
			const expected = file.subarray(at, at + chunk.byteLength);
			if (at + chunk.byteLength > want.end + 1 || !chunk.equals(expected)) {
				failure = wrong(target, want, `wrong bytes at offset ${at}`);
				res.destroy(failure);
				return;
			}
			at += chunk.byteLength;
		});
		res.on('error', (error) => (failure ??= error));
		res.on('close', () => {
			if (failure === null && at === want.end + 1) resolve(ttfb);
			else reject(failure ?? wrong(target, want, `body ended after ${at - want.start} bytes`));
		});
	});
}

/** Reads `/metrics` until no proxy stream is in flight (slots released), at most 5 s. */
async function proxyIdle(base: string): Promise<void> {
	for (let i = 0; i < 50; i++) {
		const text = await (await fetch(`${base}/metrics`)).text();
		if (/^vt_proxy_active_streams 0$/m.test(text)) return;
		await sleep(100);
	}
	throw new Error('proxy streams still open 5 s after their readers finished');
}

interface Memory {
	beforeMb: number;
	peakMb: number;
	afterMb: number;
}

/** Samples a process's RSS while `work` runs: before, peak (kernel high-water mark), 2 s after. */
async function withMemory<T>(pid: number, work: () => Promise<T>): Promise<[T, Memory]> {
	const beforeKb = rssKb(pid);
	resetPeakRss(pid);
	let sampledKb = beforeKb;
	const timer = setInterval(() => (sampledKb = Math.max(sampledKb, rssKb(pid))), 100);
	try {
		const result = await work();
		const peakKb = Math.max(sampledKb, peakRssKb(pid));
		await sleep(2_000);
		return [
			result,
			{ beforeMb: beforeKb / 1024, peakMb: peakKb / 1024, afterMb: rssKb(pid) / 1024 },
		];
	} finally {
		clearInterval(timer);
	}
}

interface Row {
	workload: string;
	readers: number;
	path: Target['label'];
	requests: number;
	mibPerS: number;
	ttfbP50: number;
	ttfbP95: number;
	serverCpu: number;
	fakeCpu: number;
	readerCpu: number;
	memory: Memory | null;
}

interface Processes {
	server: number;
	fake: number;
}

/** What one run of readers did; CPU in seconds. */
interface Run {
	ttfbs: number[];
	bytes: number;
	seconds: number;
	serverCpu: number;
	fakeCpu: number;
	readerCpu: number;
}

/** `readers` readers issue `workload` reads back to back for `seconds` (open reads finish). */
async function run(
	workload: Workload,
	readers: number,
	target: Target,
	file: Buffer,
	pids: Processes,
	seconds: number,
): Promise<Run> {
	const agent = new Agent({ keepAlive: true });
	const ttfbs: number[] = [];
	let bytes = 0;
	const [server0, fake0, own0] = [
		cpuSeconds(pids.server),
		cpuSeconds(pids.fake),
		process.cpuUsage(),
	];
	const started = performance.now();
	const deadline = started + seconds * 1000;
	await Promise.all(
		Array.from({ length: readers }, async (_, reader) => {
			while (performance.now() < deadline) {
				const want = workload.pick(file.byteLength);
				ttfbs.push(await read(agent, target, reader, want, file));
				bytes += want.end - want.start + 1;
			}
		}),
	);
	const own = process.cpuUsage(own0);
	const result: Run = {
		ttfbs,
		bytes,
		seconds: (performance.now() - started) / 1000,
		serverCpu: cpuSeconds(pids.server) - server0,
		fakeCpu: cpuSeconds(pids.fake) - fake0,
		readerCpu: (own.user + own.system) / 1e6,
	};
	agent.destroy();
	return result;
}

/** One table row from one or more runs of the same readers on the same path. */
function toRow(
	workload: Workload,
	readers: number,
	path: Target['label'],
	runs: Run[],
	memory: Memory | null,
): Row {
	const sum = (pick: (r: Run) => number) => runs.reduce((total, r) => total + pick(r), 0);
	const seconds = sum((r) => r.seconds);
	const ttfbs = runs.flatMap((r) => r.ttfbs).sort((a, b) => a - b);
	const percent = (cpu: number) => (cpu / seconds) * 100;
	return {
		workload: workload.label,
		readers,
		path,
		requests: ttfbs.length,
		mibPerS: sum((r) => r.bytes) / MiB / seconds,
		ttfbP50: percentile(ttfbs, 50),
		ttfbP95: percentile(ttfbs, 95),
		serverCpu: percent(sum((r) => r.serverCpu)),
		fakeCpu: percent(sum((r) => r.fakeCpu)),
		readerCpu: percent(sum((r) => r.readerCpu)),
		memory,
	};
}

/**
 * STALLED proxied readers open `bytes=0-`, take the first chunk and stop reading for STALL_MS:
 * with backpressure working, the server holds socket and stream buffers per stream, not the file.
 */
async function measureStalled(target: Target, file: Buffer, pid: number): Promise<Memory> {
	const agent = new Agent({ keepAlive: false });
	const want: Wanted = { start: 0, end: file.byteLength - 1, header: 'bytes=0-' };
	const [, memory] = await withMemory(pid, async () => {
		const opened = await Promise.all(
			Array.from({ length: STALLED }, (_, reader) =>
				open(agent, target, reader, want, file.byteLength),
			),
		);
		for (const { res } of opened) res.once('data', () => res.pause());
		await sleep(STALL_MS);
		for (const { req } of opened) req.destroy();
	});
	agent.destroy();
	return memory;
}

function ask<T>(child: ChildProcess, type: string): Promise<T> {
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`${type}: child exited with ${code}`)));
		child.on('message', (m: { type: string }) => {
			if (m.type === type) resolve(m as T);
		});
	});
}

/** Loads the single-part video into the default room and waits for its native (DASH) upgrade. */
async function proxiedUrl(base: string, cookie: string): Promise<string> {
	const link = `https://www.bilibili.com/video/${fixtures.SINGLE_PART.bvid}`;
	const posted = await fetch(`${base}/video`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ url: link }),
	});
	if (!posted.ok) throw new Error(`POST /video: HTTP ${posted.status} ${await posted.text()}`);
	let manifestUrl: string | undefined;
	for (let i = 0; i < 100 && !manifestUrl; i++) {
		await sleep(100);
		const res = await fetch(`${base}/api/rooms/default`, { headers: { cookie } });
		const { room } = (await res.json()) as {
			room: { nowPlaying: { playback?: { mode: string; manifestUrl?: string } } | null };
		};
		const playback = room.nowPlaying?.playback;
		if (playback?.mode === 'native') manifestUrl = playback.manifestUrl;
	}
	if (!manifestUrl) throw new Error('the room never upgraded to native playback');
	const mpd = await (
		await fetch(`${base}${manifestUrl}?codecs=avc`, { headers: { cookie } })
	).text();
	const path = /<Representation[^>]*\bheight="720"[^>]*>\s*<BaseURL>([^<]+)<\/BaseURL>/.exec(
		mpd,
	)?.[1];
	if (!path) throw new Error(`no 720P representation in the MPD:\n${mpd}`);
	return `${base}${path.replace(/&amp;/g, '&')}`;
}

function table(rows: Row[]): string[] {
	const memory = (m: Memory | null) =>
		m ? `${fmt(m.beforeMb, 0)} / ${fmt(m.peakMb, 0)} / ${fmt(m.afterMb, 0)}` : '—';
	return [
		'| workload | readers | path | requests | MiB/s | TTFB p50 ms | TTFB p95 ms | server CPU % | fake CDN CPU % | readers CPU % | server RSS MB before / peak / after |',
		'| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
		...rows.map(
			(r) =>
				`| ${r.workload} | ${r.readers} | ${r.path} | ${r.requests} | ${fmt(r.mibPerS, 0)} | ${fmt(r.ttfbP50)} | ${fmt(r.ttfbP95)} | ${r.path === 'direct' ? '—' : fmt(r.serverCpu, 0)} | ${fmt(r.fakeCpu, 0)} | ${fmt(r.readerCpu, 0)} | ${memory(r.memory)} |`,
		),
	];
}

/** The interpretation, from the figures: proxy versus direct per row pair. */
function summary(rows: Row[]): string {
	const parts = WORKLOADS.map(({ label }) => {
		const pairs = READERS.map((readers) => {
			const of = (path: Target['label']) =>
				rows.find((r) => r.workload === label && r.readers === readers && r.path === path);
			const [d, p] = [of('direct'), of('proxy')];
			if (!d || !p) return '';
			return `${readers} → ${fmt((p.mibPerS / d.mibPerS) * 100, 0)} %, +${fmt(p.ttfbP50 - d.ttfbP50)} ms`;
		});
		return `${label}: ${pairs.filter(Boolean).join('; ')}`;
	});
	// CPU milliseconds per MiB delivered: less sensitive to a busy machine than MiB/s.
	const msPerMib = (cpuPercent: number, r: Row) => (cpuPercent / 100 / r.mibPerS) * 1000;
	const proxied = rows.filter((r) => r.path === 'proxy');
	const server = proxied.map((r) => msPerMib(r.serverCpu, r));
	const fake = rows.filter((r) => r.path === 'direct').map((r) => msPerMib(r.fakeCpu, r));
	const growth = proxied.map((r) => (r.memory as Memory).peakMb - (r.memory as Memory).beforeMb);
	const range = (xs: number[], digits: number) =>
		`${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}`;
	const busiest = Math.max(...proxied.map((r) => r.serverCpu));
	const limit =
		busiest < 90
			? `The server never used a whole core (at most ${fmt(busiest, 0)} %), so its own CPU did not cap the proxied rows: the proxy is a second HTTP hop, and on shared, busy cores each stream also waits for one more process to be scheduled, which most likely is where the throughput and TTFB went.`
			: `The server used a whole core in some rows (up to ${fmt(busiest, 0)} %): there its CPU caps the proxied path.`;
	return `Through the proxy, as a share of the direct throughput and the extra median TTFB, by readers — ${parts.join('; ')}. The server spent ${range(server, 2)} ms of CPU per MiB it proxied (the fake CDN ${range(fake, 2)} ms per MiB it served from the page cache), and its RSS rose at most ${fmt(Math.max(...growth), 0)} MB above the level before a row while it streamed. ${limit} Where the readers' CPU nears 100 %, the one reader process, which also checks every byte, is what limits the row.`;
}

async function main(): Promise<void> {
	const loadBefore = load1();
	const builtAt = serverBuiltAt();
	const fakeChild = fork(new URL('./proxy-fake.ts', import.meta.url).pathname, [], {
		execArgv: ['--import', 'tsx'],
	});
	let server: ChildProcess | undefined;
	try {
		const fake = await ask<FakeReady>(fakeChild, 'ready');
		const file = readFileSync(fake.mediaPath);
		const port = await freePort();
		server = await startServer(port, {
			APP_DATA_DIR: `/tmp/vt-bench-${randomBytes(3).toString('hex')}`,
			APP_TRUST_PROXY: '127.0.0.1',
			BILIBILI_API_BASE: fake.url,
			BILIBILI_SHORTLINK_BASE: fake.url,
			BILIBILI_CDN_HOSTS: `127.0.0.1:${fake.port}`,
			BILIBILI_PCDN_HOSTS: 'localhost',
		});
		const base = `http://127.0.0.1:${port}`;
		const cookie = await login(base);
		const direct: Target = { label: 'direct', url: fake.directUrl, headers: () => CDN_HEADERS };
		const proxy: Target = {
			label: 'proxy',
			url: await proxiedUrl(base, cookie),
			headers: (i) => ({ cookie, 'x-forwarded-for': viewerAddress(i) }),
		};
		const pids = { server: server.pid as number, fake: fakeChild.pid as number };
		// Warm-up (page cache, JIT, connection pools): each path reads the whole file once.
		for (const target of [direct, proxy]) {
			const agent = new Agent({ keepAlive: true });
			await read(
				agent,
				target,
				0,
				{ start: 0, end: file.byteLength - 1, header: 'bytes=0-' },
				file,
			);
			agent.destroy();
		}
		await proxyIdle(base);

		const rows: Row[] = [];
		for (const workload of WORKLOADS) {
			for (const readers of READERS) {
				// Direct in two halves around the proxied run: a change in the machine's load hits both.
				console.log(`${workload.label}, ${readers} readers…`);
				const direct1 = await run(workload, readers, direct, file, pids, SECONDS / 2);
				const [proxied, memory] = await withMemory(pids.server, () =>
					run(workload, readers, proxy, file, pids, SECONDS),
				);
				await proxyIdle(base);
				const direct2 = await run(workload, readers, direct, file, pids, SECONDS / 2);
				rows.push(
					toRow(workload, readers, 'direct', [direct1, direct2], null),
					toRow(workload, readers, 'proxy', [proxied], memory),
				);
				console.log(rows.slice(-2));
			}
		}
		const stalled = await measureStalled(proxy, file, pids.server);
		await proxyIdle(base);
		console.log(stalled);
		const loadAfter = load1();

		const sizeMb = (file.byteLength / MiB).toFixed(1);
		const body = [
			`Run ${new Date().toISOString()} at commit \`${commit()}\` on ${machine()}; 1-minute load average ${loadBefore} before, ${loadAfter} after. The machine is shared with other work running at the same time, and the readers, the server and the fake CDN share its cores, so absolute figures are those of a busy box; compare rows with each other.`,
			'',
			`**Method.** Three processes on loopback: the fake Bilibili upstream (packages/fake-bilibili) serving from disk (page cache warm), the built server (\`dist/server.js\` of ${builtAt}), and the readers (Node \`http\` with keep-alive). The file is the fake's 720P AVC stream made ${sizeMb} MiB (the fixture clip looped by ffmpeg without re-encoding). **direct** reads the CDN URL of a signed playurl answer with the Referer and User-Agent the CDN demands; **proxy** reads the \`/api/bili/media/<token>\` URL from the MPD of a room that loaded the video, with a session cookie, each reader as its own viewer (its own \`X-Forwarded-For\`; the proxy allows 6 streams per client). Each row is ${SECONDS} s of back-to-back reads per reader (reads still open then finish and count), the direct ones in two halves just before and just after the proxied ones so that a change in the machine's load hits both alike: **1 MiB ranges** = \`bytes=a-b\` of 1 MiB at random offsets; **to the end** = \`bytes=n-\` from a random MiB to the end of the file. Every response is checked (206, \`Content-Range\`, \`Content-Length\`, every byte against the file; any mismatch ends the run). TTFB = request sent → first body byte. MiB/s = all readers' bytes / row wall time. CPU % = the process's user + system time over the row (100 = one core). Server RSS from \`/proc/<pid>/status\`: before the row, peak (the kernel's high-water mark, reset before the row, and 100 ms samples) and 2 s after.`,
			'',
			...table(rows),
			'',
			`Stalled readers: ${STALLED} proxied \`bytes=0-\` streams that each read one chunk and then stopped reading for ${STALL_MS / 1000} s took the server's RSS from ${fmt(stalled.beforeMb, 0)} MB to a peak of ${fmt(stalled.peakMb, 0)} MB, ${fmt(((stalled.peakMb - stalled.beforeMb) * 1024) / STALLED, 0)} KB per stream for a ${sizeMb} MiB file (${fmt(stalled.afterMb, 0)} MB 2 s after they hung up).`,
			'',
			summary(rows),
			'',
			'Reproduce: `pnpm build && pnpm bench:proxy` (or `pnpm bench`); `BENCH_PROXY_READERS` (1,8,32), `BENCH_PROXY_SECONDS` (6) and `BENCH_PROXY_LOOPS` (96 copies of the clip) change the rows, their length and the file.',
		].join('\n');
		writeSection('Proxy', body);
		console.log(body);
	} finally {
		server?.kill('SIGTERM');
		fakeChild.disconnect();
	}
}

await main();
