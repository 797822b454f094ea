import { createServer, connect, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js';

let echo: Server | null = null;
let proxy: LatencyProxy | null = null;

afterEach(async () => {
	await proxy?.close();
	await new Promise((done) => (echo ? echo.close(done) : done(undefined)));
	proxy = null;
	echo = null;
});

describe('latency proxy', () => {
	it('delays both directions and keeps the byte order', async () => {
		echo = createServer((socket) => socket.pipe(socket));
		await new Promise<void>((done) => echo?.listen(0, '127.0.0.1', done));
		const address = echo.address();
		const targetPort = typeof address === 'object' && address ? address.port : 0;
		proxy = await startLatencyProxy({
			targetHost: '127.0.0.1',
			targetPort,
			meanMs: 40,
			jitterMs: 30,
		});

		const client = connect({ host: '127.0.0.1', port: proxy.port });
		await new Promise<void>((done) => client.once('connect', () => done()));
		const started = performance.now();
		let received = '';
		const finished = new Promise<number>((done) => {
			client.on('data', (chunk) => {
				received += chunk.toString();
				if (received.length >= 200) done(performance.now() - started);
			});
		});
		for (let i = 0; i < 20; i += 1) {
			client.write(String(i % 10).repeat(10));
			await new Promise((r) => setTimeout(r, 2));
		}
		const elapsed = await finished;
		client.destroy();

		expect(received).toBe(Array.from({ length: 20 }, (_, i) => String(i % 10).repeat(10)).join(''));
		// Two one-way delays of at least 10 ms each.
		expect(elapsed).toBeGreaterThanOrEqual(20);
		expect(proxy.connections()).toBe(1);
	});
});
