/**
 * A TCP proxy that adds one-way delay to each direction of every connection, without reordering:
 * a chunk read at `now` is released at max(previous release, now + delay), delay = mean ± jitter
 * (uniform). HTTP and WebSocket both go through it unchanged (it never parses the stream).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface LatencyProxyOptions {
	targetHost: string;
	targetPort: number;
	meanMs: number;
	jitterMs: number;
	listenHost?: string;
	listenPort?: number;
	/** Source of randomness in [0, 1) (tests pass a fixed one). */
	random?: () => number;
}

export interface LatencyProxy {
	port: number;
	/** Connections opened so far. */
	connections(): number;
	close(): Promise<void>;
}

type Item = { release: number; chunk: Buffer | null };

/** Delays what `from` sends before writing it to `to`; `null` chunks carry the end of stream. */
class DelayedPipe {
	#queue: Item[] = [];
	#lastRelease = 0;
	#timer: NodeJS.Timeout | null = null;

	constructor(
		private readonly to: Socket,
		private readonly delay: () => number,
	) {}

	push(chunk: Buffer | null): void {
		const release = Math.max(this.#lastRelease, performance.now() + this.delay());
		this.#lastRelease = release;
		this.#queue.push({ release, chunk });
		this.#arm();
	}

	stop(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#queue = [];
	}

	#arm(): void {
		if (this.#timer !== null) return;
		const head = this.#queue[0];
		if (head === undefined) return;
		this.#timer = setTimeout(
			() => {
				this.#timer = null;
				this.#flush();
			},
			Math.max(0, head.release - performance.now()),
		);
	}

	#flush(): void {
		const now = performance.now();
		while (this.#queue.length > 0 && (this.#queue[0] as Item).release <= now + 0.5) {
			const { chunk } = this.#queue.shift() as Item;
			if (this.to.destroyed) {
				this.#queue = [];
				return;
			}
			if (chunk === null) this.to.end();
			else this.to.write(chunk);
		}
		this.#arm();
	}
}

export function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
	const random = options.random ?? Math.random;
	const delay = () =>
		Math.max(0, options.meanMs + (random() * 2 - 1) * Math.max(0, options.jitterMs));
	const sockets = new Set<Socket>();
	let opened = 0;

	const server: Server = createServer({ allowHalfOpen: true }, (client) => {
		opened += 1;
		const upstream = connect({
			host: options.targetHost,
			port: options.targetPort,
			allowHalfOpen: true,
		});
		for (const socket of [client, upstream]) {
			socket.setNoDelay(true);
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		}
		const toUpstream = new DelayedPipe(upstream, delay);
		const toClient = new DelayedPipe(client, delay);
		const teardown = () => {
			toUpstream.stop();
			toClient.stop();
			client.destroy();
			upstream.destroy();
		};
		client.on('data', (chunk) => toUpstream.push(chunk));
		upstream.on('data', (chunk) => toClient.push(chunk));
		client.on('end', () => toUpstream.push(null));
		upstream.on('end', () => toClient.push(null));
		client.on('error', teardown);
		upstream.on('error', teardown);
		// Once both directions have finished, make sure nothing lingers.
		let closed = 0;
		const onClose = () => {
			closed += 1;
			if (closed === 2) teardown();
		};
		client.on('close', onClose);
		upstream.on('close', onClose);
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.listenPort ?? 0, options.listenHost ?? '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			resolve({
				port,
				connections: () => opened,
				close: () =>
					new Promise<void>((done) => {
						for (const socket of sockets) socket.destroy();
						server.close(() => done());
					}),
			});
		});
	});
}
