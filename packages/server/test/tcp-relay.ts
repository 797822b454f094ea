/**
 * A TCP relay to break a network path on purpose: put it between a client and the server (or
 * between the server and the fake Bilibili CDN) and `blackhole()` it (nothing passes either way and
 * nothing is closed, like a dead Wi-Fi: the peers find out only from their own timeouts), `cut()`
 * it (every connection reset, new ones refused), then `heal()` it. It counts the bytes it carries
 * from the target to the clients. Forwarding honours backpressure, so a reader that stops reading
 * stops the relay reading from the target too.
 */
import { createConnection, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export type RelayState = 'up' | 'blackhole' | 'cut';

export interface Relay {
	port: number;
	/** `http://127.0.0.1:<port>` */
	url: string;
	readonly state: RelayState;
	/** Bytes carried from the target to the clients so far. */
	bytesDown(): number;
	/** Connections currently open through the relay. */
	connections(): number;
	/** Connections that have closed (either end) so far. */
	closedConnections(): number;
	blackhole(): void;
	cut(): void;
	heal(): void;
}

interface Pair {
	client: Socket;
	target: Socket;
}

export async function startRelay(targetPort: number): Promise<Relay> {
	let state: RelayState = 'up';
	let down = 0;
	let closed = 0;
	const pairs = new Set<Pair>();
	/** Work that waits for the path to come back (closes seen while blackholed). */
	let deferred: (() => void)[] = [];
	const whenUp = (task: () => void) => {
		if (state === 'blackhole') deferred.push(task);
		else task();
	};

	const forward = (from: Socket, to: Socket, count: boolean) => {
		from.on('data', (chunk: Buffer) => {
			if (count) down += chunk.length;
			if (!to.write(chunk)) from.pause();
		});
		to.on('drain', () => {
			if (state === 'up') from.resume();
		});
	};

	const server = createServer((client) => {
		if (state === 'cut') {
			client.resetAndDestroy();
			return;
		}
		const target = createConnection({ host: '127.0.0.1', port: targetPort });
		const pair = { client, target };
		pairs.add(pair);
		if (state === 'blackhole') {
			client.pause();
			target.pause();
		}
		forward(client, target, false);
		forward(target, client, true);
		const closeBoth = () =>
			whenUp(() => {
				if (pairs.delete(pair)) closed++;
				client.destroy();
				target.destroy();
			});
		for (const socket of [client, target]) {
			socket.on('error', () => {});
			socket.once('close', closeBoth);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	const eachSocket = (action: (socket: Socket) => void) => {
		for (const { client, target } of pairs) {
			action(client);
			action(target);
		}
	};
	onTestFinished(() => {
		state = 'cut';
		eachSocket((socket) => socket.destroy());
		return new Promise<void>((resolve) => server.close(() => resolve()));
	});

	return {
		port,
		url: `http://127.0.0.1:${port}`,
		get state() {
			return state;
		},
		bytesDown: () => down,
		connections: () => pairs.size,
		closedConnections: () => closed,
		blackhole() {
			state = 'blackhole';
			eachSocket((socket) => socket.pause());
		},
		cut() {
			state = 'cut';
			eachSocket((socket) => socket.resetAndDestroy());
			closed += pairs.size;
			pairs.clear();
		},
		heal() {
			state = 'up';
			eachSocket((socket) => socket.resume());
			const tasks = deferred;
			deferred = [];
			for (const task of tasks) task();
		},
	};
}
