/**
 * Several server processes sharing one Redis serve one room: commands on either process reach
 * clients on both, interleaved commands are applied in one order with none lost, a process dying
 * leaves the room intact while its clients reconnect (through a balancer) to the survivor, and a
 * Redis restart under running servers loses nothing that had been acknowledged.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { RoomPlayback } from '@videotogether/shared';
import { io } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { exited, freePort, startBalancer, startServer } from './process.js';
import { redisUrlForTests } from './redis.js';
import { httpLogin, waitFor, type TestSocket } from './socket-client.js';

const REDIS_URL = await redisUrlForTests();

async function cluster(count: number) {
	const prefix = `vt-mp-${randomBytes(4).toString('hex')}:`;
	const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, APP_SECRET_KEY: 'k'.repeat(40) };
	const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
	const processes = await Promise.all(ports.map((port) => startServer(port, env)));
	return { ports, processes, env };
}

function client(base: string, cookie: string): TestSocket {
	const socket: TestSocket = io(base, {
		transports: ['websocket'],
		extraHeaders: { cookie },
		reconnectionDelay: 100,
		reconnectionDelayMax: 500,
	});
	onTestFinished(() => {
		socket.disconnect();
	});
	return socket;
}

const command = (socket: TestSocket, payload: object) =>
	(
		socket as unknown as {
			emitWithAck: (
				e: string,
				p: unknown,
			) => Promise<{ ok: boolean; error?: string; state?: RoomPlayback }>;
		}
	).emitWithAck('playback:command', payload);

describe('several processes through Redis', () => {
	it(
		'a command on either process reaches clients on both; interleaved commands end in one state',
		{ timeout: 60_000 },
		async () => {
			const { ports } = await cluster(2);
			const [a, b] = ports.map((p) => `http://127.0.0.1:${p}`) as [string, string];
			// A session made on one process is valid on the other (sessions live in Redis).
			const cookie = await httpLogin(a, { password: 'pw', name: 'Ann' });
			const onA = client(a, cookie);
			const onB = client(b, cookie);
			const [firstA] = await Promise.all([
				waitFor<RoomPlayback>(onA, 'playback:state'),
				waitFor<RoomPlayback>(onB, 'playback:state'),
			]);

			const bSeesLoad = waitFor<RoomPlayback>(
				onB,
				'playback:state',
				10_000,
				(s) => s.playback.media !== null,
			);
			const loaded = await command(onA, {
				type: 'load',
				url: 'https://media.example/film.mp4',
				seq: firstA.playback.seq,
			});
			expect(loaded.ok).toBe(true);
			expect((await bSeesLoad).playback).toEqual(loaded.state?.playback);

			// Fire 20 legacy controls (no seq: none may be lost) alternately at both processes.
			const start = loaded.state?.playback.seq ?? 0;
			const finalSeq = start + 20;
			const seen = (socket: TestSocket) =>
				waitFor<RoomPlayback>(socket, 'playback:state', 15_000, (s) => s.playback.seq === finalSeq);
			const [endA, endB] = [seen(onA), seen(onB)];
			const results = await Promise.all(
				Array.from(
					{ length: 20 },
					(_, i) =>
						(i % 2 === 0 ? onA : onB).emitWithAck('control', {
							type: 'seek',
							position_ms: 1_000 * (i + 1),
						}) as Promise<{ ok: boolean; seq: number }>,
				),
			);
			expect(results.every((r) => r.ok)).toBe(true);
			expect(results.map((r) => r.seq).sort((x, y) => x - y)).toEqual(
				Array.from({ length: 20 }, (_, i) => start + i + 1),
			);
			// Both clients end on the same final state; its position is that of the command applied last.
			const [finalA, finalB] = await Promise.all([endA, endB]);
			expect(finalA.playback).toEqual(finalB.playback);
			const last = results.findIndex((r) => r.seq === finalSeq);
			expect(finalA.playback.positionMs).toBe(1_000 * (last + 1));

			// Stale-seq protection holds across processes too.
			const [x, y] = await Promise.all([
				command(onA, { type: 'seek', positionMs: 5_000, seq: finalSeq }),
				command(onB, { type: 'seek', positionMs: 9_000, seq: finalSeq }),
			]);
			expect([x.ok, y.ok].sort()).toEqual([false, true]);
		},
	);

	it(
		'a process dying leaves the room intact and its clients reconnect to the survivor',
		{ timeout: 60_000 },
		async () => {
			const { ports, processes } = await cluster(2);
			const balancer = await startBalancer(ports);
			const front = `http://127.0.0.1:${balancer.port}`;
			const cookie = await httpLogin(`http://127.0.0.1:${ports[0]}`, {
				password: 'pw',
				name: 'Bo',
			});
			const sockets = [client(front, cookie), client(front, cookie)];
			const firsts = await Promise.all(
				sockets.map((s) => waitFor<RoomPlayback>(s, 'playback:state')),
			);
			const loaded = await command(sockets[0] as TestSocket, {
				type: 'load',
				url: 'https://media.example/a.mp4',
				seq: firsts[0]?.playback.seq,
			});
			const played = await command(sockets[1] as TestSocket, {
				type: 'play',
				seq: loaded.state?.playback.seq,
			});
			expect(played.ok).toBe(true);

			const exit = exited(processes[0]!);
			processes[0]!.kill('SIGKILL');
			await exit;
			// Every client (whichever process it was on) gets the room again from the survivor.
			const untilServed = async (socket: TestSocket): Promise<RoomPlayback | undefined> => {
				for (let i = 0; i < 100; i++) {
					try {
						if (socket.connected)
							return (
								(await socket
									.timeout(2_000)
									.emitWithAck('playback:command', { type: 'play', seq: 0 } as never)) as {
									state?: RoomPlayback;
								}
							).state;
					} catch {
						// that connection died with its process; the client reconnects through the balancer
					}
					await new Promise((resolve) => setTimeout(resolve, 200));
				}
				throw new Error('never reconnected');
			};
			const states = await Promise.all(sockets.map(untilServed));
			for (const state of states)
				expect(state?.playback).toMatchObject({
					media: { url: 'https://media.example/a.mp4' },
					paused: false,
					seq: played.state?.playback.seq,
				});
		},
	);

	it(
		'a Redis restart under running servers loses nothing acknowledged',
		{ timeout: 60_000 },
		async () => {
			// Only on a Redis we control: a private one started for this test on a free port.
			const port = await freePort();
			const dir = execFileSync('mktemp', ['-d']).toString().trim();
			const redisArgs = [
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--dir',
				dir,
				'--appendonly',
				'yes',
				'--appendfsync',
				'always',
				'--save',
				'',
			];
			const startRedis = () =>
				execFileSync('redis-server', [
					...redisArgs,
					'--daemonize',
					'yes',
					'--pidfile',
					`${dir}/redis.pid`,
				]);
			startRedis();
			onTestFinished(() => {
				try {
					execFileSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
				} catch {
					// already down
				}
			});
			await new Promise((resolve) => setTimeout(resolve, 300));
			const serverPort = await freePort();
			await startServer(serverPort, {
				REDIS_URL: `redis://127.0.0.1:${port}`,
				APP_SECRET_KEY: 'k'.repeat(40),
			});
			const base = `http://127.0.0.1:${serverPort}`;
			const cookie = await httpLogin(base, { password: 'pw', name: 'Cy' });
			const socket = client(base, cookie);
			const first = await waitFor<RoomPlayback>(socket, 'playback:state');
			const loaded = await command(socket, {
				type: 'load',
				url: 'https://media.example/keep.mp4',
				seq: first.playback.seq,
			});
			expect(loaded.ok).toBe(true);

			execFileSync('redis-cli', ['-p', String(port), 'shutdown']);
			await new Promise((resolve) => setTimeout(resolve, 500));
			// While Redis is down, commands wait; once it is back they complete.
			const pending = command(socket, {
				type: 'seek',
				positionMs: 42_000,
				seq: loaded.state?.playback.seq,
			});
			await new Promise((resolve) => setTimeout(resolve, 500));
			startRedis();
			const sought = await pending;
			expect(sought).toMatchObject({ ok: true, state: { playback: { positionMs: 42_000 } } });
			expect((await fetch(`${base}/readyz`)).status).toBe(200);
			const after = await command(socket, { type: 'pause', seq: 0 });
			expect(after.state?.playback).toMatchObject({
				media: { url: 'https://media.example/keep.mp4' },
				positionMs: 42_000,
			});
		},
	);
});
