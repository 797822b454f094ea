/**
 * Child process of the fan-out benchmark: opens N Socket.IO clients (WebSocket) against one or
 * more servers plus one controller socket, sends the commands itself and records when each client
 * receives each resulting `playback:state` (by seq) — one process, one clock. Driven over IPC:
 * {connect}, {command}, {report}, {close}.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

interface ConnectRequest {
	type: 'connect';
	urls: string[];
	cookie: string;
	count: number;
	room: string;
}

const now = () => performance.now();
let controller: Socket | null = null;
let lastSeq = 0;
const sentAt = new Map<number, number>();
const sockets: Socket[] = [];
/** seq → receive times. */
const received = new Map<number, number[]>();

async function connectAll(req: ConnectRequest): Promise<number> {
	const batch = 100;
	for (let i = 0; i < req.count; i += batch) {
		const group = Array.from({ length: Math.min(batch, req.count - i) }, (_, j) => {
			const url = req.urls[(i + j) % req.urls.length] as string;
			const socket = io(url, {
				transports: ['websocket'],
				extraHeaders: { cookie: req.cookie },
				auth: { room: req.room },
				reconnection: false,
				forceNew: true,
			});
			socket.on('playback:state', (state: { playback: { seq: number } }) => {
				const list = received.get(state.playback.seq) ?? [];
				list.push(now());
				received.set(state.playback.seq, list);
			});
			sockets.push(socket);
			return new Promise<void>((resolve) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', () => resolve());
			});
		});
		await Promise.all(group);
	}
	return sockets.filter((s) => s.connected).length;
}

process.on('message', (message: { type: string } & Partial<ConnectRequest> & { seq?: number }) => {
	void (async () => {
		if (message.type === 'connect') {
			const req = message as ConnectRequest;
			const connected = await connectAll(req);
			controller = io(req.urls[0] as string, {
				transports: ['websocket'],
				extraHeaders: { cookie: req.cookie },
				auth: { room: req.room },
				forceNew: true,
			});
			const first = await new Promise<{ playback: { seq: number } }>((resolve) =>
				controller?.once('playback:state', resolve),
			);
			const loaded = (await controller.emitWithAck('playback:command', {
				type: 'load',
				url: 'https://media.example/bench.mp4',
				seq: first.playback.seq,
			})) as { state: { playback: { seq: number } } };
			lastSeq = loaded.state.playback.seq;
			process.send?.({ type: 'connected', connected, rss: process.memoryUsage().rss });
		} else if (message.type === 'command') {
			const start = now();
			const ack = (await controller?.emitWithAck('playback:command', {
				type: 'seek',
				positionMs: (message as { positionMs?: number }).positionMs ?? 0,
				seq: lastSeq,
			})) as { state: { playback: { seq: number } } };
			lastSeq = ack.state.playback.seq;
			sentAt.set(lastSeq, start);
			process.send?.({ type: 'sent', seq: lastSeq });
		} else if (message.type === 'report') {
			const seq = message.seq ?? -1;
			const start = sentAt.get(seq) ?? Number.NaN;
			const latencies = (received.get(seq) ?? []).map((t) => t - start);
			process.send?.({
				type: 'report',
				latencies,
				connected: sockets.filter((s) => s.connected).length,
			});
		} else if (message.type === 'close') {
			for (const socket of sockets) socket.disconnect();
			controller?.disconnect();
			process.send?.({ type: 'closed' });
			setTimeout(() => process.exit(0), 50);
		}
	})();
});
