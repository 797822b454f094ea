/** Real Socket.IO clients against an app listening on an ephemeral port. */
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { onTestFinished } from 'vitest';
import type {
	ClientToServerEvents,
	LegacyState,
	ServerToClientEvents,
} from '@videotogether/shared';
import { TEST_PASSWORD } from './build-test-app.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function listen(app: FastifyInstance): Promise<string> {
	await app.listen({ host: '127.0.0.1', port: 0 });
	const address = app.server.address();
	if (address === null || typeof address === 'string') throw new Error('no port');
	return `http://127.0.0.1:${address.port}`;
}

/** Log in over real HTTP; returns the Cookie header value. */
export async function httpLogin(
	baseUrl: string,
	body: Record<string, string> = { password: TEST_PASSWORD, name: 'Tester' },
): Promise<string> {
	const res = await fetch(`${baseUrl}/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
	const setCookie = res.headers.get('set-cookie') ?? '';
	const match = /vt\.sid=[^;]+/.exec(setCookie);
	if (!match) throw new Error('no session cookie');
	return match[0];
}

/** A client socket (not yet connected unless `connect` is awaited via `connected`). */
export function createClient(
	baseUrl: string,
	cookie: string | null,
	extraHeaders: Record<string, string> = {},
	room?: string,
): TestSocket {
	const socket: TestSocket = connect(baseUrl, {
		path: '/socket.io',
		...(room ? { auth: { room } } : {}),
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: { ...(cookie ? { cookie } : {}), ...extraHeaders },
	});
	onTestFinished(() => {
		socket.disconnect();
	});
	return socket;
}

/** Resolve with the next emission of `event` (rejects after `timeoutMs`). */
export function waitFor<T = unknown>(
	socket: TestSocket,
	event: string,
	timeoutMs = 5_000,
	predicate: (value: T) => boolean = () => true,
): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.off(event as never, handler as never);
			reject(new Error(`timed out waiting for ${event}`));
		}, timeoutMs);
		const handler = (value: T) => {
			if (!predicate(value)) return;
			clearTimeout(timer);
			socket.off(event as never, handler as never);
			resolve(value);
		};
		socket.on(event as never, handler as never);
	});
}

/** Connect and resolve with the first `state`; rejects with the connect error message. */
export async function connectAndGetState(socket: TestSocket): Promise<LegacyState> {
	const state = waitFor<LegacyState>(socket, 'state');
	const failed = new Promise<never>((_resolve, reject) => {
		socket.once('connect_error', (error) => reject(error));
	});
	return Promise.race([state, failed]);
}
