/**
 * `pnpm bench:fanout`: control fan-out latency versus room size on one node (rooms of 10, 100,
 * 1,000 and 5,000 sockets, the clients in a separate process), the server's memory per socket,
 * and the same fan-out across two processes through Redis. Reports figures into
 * docs/benchmarks.md; asserts nothing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { login, rssKb, sleep, startServer } from './harness.js';
import { fmt, percentile, writeSection } from './report.js';

const SIZES = (process.env.BENCH_FANOUT_SIZES ?? '10,100,1000,5000').split(',').map(Number);
const COMMANDS = Number(process.env.BENCH_FANOUT_COMMANDS ?? 20);

/** Wait until the room counts every client as a viewer (the join storm is over), at most 2 min. */
async function settled(base: string, room: string, viewers: number): Promise<void> {
	const pattern = new RegExp(`^vt_room_viewers\\{room="${room}"\\} (\\d+)$`, 'm');
	for (let i = 0; i < 240; i++) {
		const text = await (await fetch(`${base}/metrics`)).text();
		if (Number(pattern.exec(text)?.[1] ?? 0) >= viewers) break;
		await sleep(500);
	}
	await sleep(1_000);
}

async function createRoom(base: string, cookie: string, name: string): Promise<string> {
	const res = await fetch(`${base}/api/rooms`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ name }),
	});
	return ((await res.json()) as { room: { id: string } }).room.id;
}

function ask<T>(child: ChildProcess, message: object, reply: string): Promise<T> {
	return new Promise((resolve) => {
		const handler = (m: { type: string }) => {
			if (m.type === reply) {
				child.off('message', handler);
				resolve(m as T);
			}
		};
		child.on('message', handler);
		child.send(message);
	});
}

interface Result {
	label: string;
	sockets: number;
	connected: number;
	p50: number;
	p95: number;
	p99: number;
	lastP50: number;
	lastMax: number;
	perSocketKb: number | null;
}

async function measure(
	label: string,
	urls: string[],
	cookie: string,
	room: string,
	count: number,
	serverPid: number,
): Promise<Result> {
	const rssBefore = rssKb(serverPid);
	const clients = fork(new URL('./fanout-clients.ts', import.meta.url).pathname, [], {
		execArgv: ['--import', 'tsx'],
	});
	const { connected } = await ask<{ connected: number }>(
		clients,
		{ type: 'connect', urls, cookie, count, room },
		'connected',
	);
	await settled(urls[0] as string, room, connected);
	const perSocketKb =
		urls.length === 1 ? (rssKb(serverPid) - rssBefore) / Math.max(1, connected) : null;
	const all: number[] = [];
	const lasts: number[] = [];
	for (let i = 0; i < COMMANDS; i++) {
		const { seq } = await ask<{ seq: number }>(
			clients,
			{ type: 'command', positionMs: 1_000 * i },
			'sent',
		);
		await sleep(Math.min(2_000, 100 + count / 5));
		const { latencies } = await ask<{ latencies: number[] }>(
			clients,
			{ type: 'report', seq },
			'report',
		);
		latencies.sort((a, b) => a - b);
		all.push(...latencies);
		if (latencies.length > 0) lasts.push(latencies[latencies.length - 1] as number);
	}
	await ask(clients, { type: 'close' }, 'closed');
	all.sort((a, b) => a - b);
	lasts.sort((a, b) => a - b);
	return {
		label,
		sockets: count,
		connected,
		p50: percentile(all, 50),
		p95: percentile(all, 95),
		p99: percentile(all, 99),
		lastP50: percentile(lasts, 50),
		lastMax: lasts[lasts.length - 1] ?? Number.NaN,
		perSocketKb,
	};
}

const CAPACITY = Number(process.env.BENCH_FANOUT_CAPACITY ?? 10_000);
const HOLD_S = Number(process.env.BENCH_FANOUT_HOLD_S ?? 30);

/** How many sockets one process holds in one room with heartbeats flowing, and their memory. */
async function measureCapacity(port: number) {
	const server = await startServer(port, {
		APP_DATA_DIR: `/tmp/vt-bench-${randomBytes(3).toString('hex')}`,
	});
	try {
		const base = `http://127.0.0.1:${port}`;
		const cookie = await login(base);
		const room = await createRoom(base, cookie, 'capacity');
		const rssBefore = rssKb(server.pid as number);
		const clients = fork(new URL('./fanout-clients.ts', import.meta.url).pathname, [], {
			execArgv: ['--import', 'tsx'],
		});
		const { connected } = await ask<{ connected: number }>(
			clients,
			{ type: 'connect', urls: [base], cookie, count: CAPACITY, room },
			'connected',
		);
		await sleep(HOLD_S * 1000);
		const { connected: still } = await ask<{ connected: number; latencies: number[] }>(
			clients,
			{ type: 'report', seq: -1 },
			'report',
		);
		const rss = rssKb(server.pid as number);
		await ask(clients, { type: 'close' }, 'closed');
		return {
			target: CAPACITY,
			connected: still,
			dropped: connected - still,
			perSocketKb: (rss - rssBefore) / Math.max(1, still),
			rssMb: rss / 1024,
		};
	} finally {
		server.kill('SIGTERM');
	}
}

async function main(): Promise<void> {
	const results: Result[] = [];
	const port = 5600 + Math.floor(Math.random() * 300);
	// BENCH_FANOUT_ONLY=redis re-measures the two-process rows (keeping the one-node rows in the report).
	const onlyRedis = process.env.BENCH_FANOUT_ONLY === 'redis';
	const single = await startServer(port, {
		APP_DATA_DIR: `/tmp/vt-bench-${randomBytes(3).toString('hex')}`,
	});
	try {
		const base = `http://127.0.0.1:${port}`;
		const cookie = await login(base);
		for (const size of onlyRedis ? [] : SIZES) {
			const room = await createRoom(base, cookie, `fanout ${size}`);
			console.log(`one node, ${size} sockets…`);
			const r = await measure('one node', [base], cookie, room, size, single.pid as number);
			console.log(r);
			results.push(r);
		}
	} finally {
		single.kill('SIGTERM');
	}

	const capacity = onlyRedis ? null : await measureCapacity(port + 3);
	console.log(capacity);

	const prefix = `vt-bench-${randomBytes(3).toString('hex')}:`;
	const env = {
		REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
		REDIS_KEY_PREFIX: prefix,
		APP_SECRET_KEY: 'k'.repeat(40),
	};
	const ports = [port + 1, port + 2];
	const pair = await Promise.all(ports.map((p) => startServer(p, env)));
	try {
		const urls = ports.map((p) => `http://127.0.0.1:${p}`);
		const cookie = await login(urls[0] as string);
		for (const size of SIZES.filter((s) => s <= 1000)) {
			const room = await createRoom(urls[0] as string, cookie, `redis ${size}`);
			console.log(`two nodes through Redis, ${size} sockets…`);
			const r = await measure(
				'two nodes + Redis',
				urls,
				cookie,
				room,
				size,
				pair[0]?.pid as number,
			);
			console.log(r);
			results.push(r);
		}
	} finally {
		for (const child of pair) child.kill('SIGTERM');
	}

	const capacityLine =
		capacity === null
			? ''
			: `Capacity: one process held ${capacity.connected} of ${capacity.target} sockets in one room for ${HOLD_S} s with Socket.IO heartbeats flowing (ping every 10 s; ${capacity.dropped} dropped), at ${fmt(capacity.perSocketKb)} KB of server memory per socket (RSS ${fmt(capacity.rssMb, 0)} MB).`;
	const rows = results.map(
		(r) =>
			`| ${r.label} | ${r.sockets} | ${r.connected} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.lastP50)} | ${fmt(r.lastMax)} | ${fmt(r.perSocketKb)} |`,
	);
	const body = [
		`Measured ${new Date().toISOString()} on ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. Server: the built bundle, one process (embedded store) or two processes sharing Redis; clients: ${'`socket.io-client`'} over WebSocket in one separate process; ${COMMANDS} seek commands per row from a controller socket. Latency = command sent → \`playback:state\` received, per client (p50/p95/p99 over all clients and commands) and to the last client of each command.`,
		'',
		'| setup | sockets | connected | p50 ms | p95 ms | p99 ms | last client p50 ms | last client max ms | server KB / socket |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
		...rows,
		'',
		capacityLine,
		'',
		'Target (design §3): p99 ≤ 50 ms to 1,000 sockets in a room on one node. Note that the clients and the server share the same 2 cores, so large rooms measure the client process too.',
	].join('\n');
	if (!onlyRedis) writeSection('Fan-out', body);
	console.log(body);
}

await main();
