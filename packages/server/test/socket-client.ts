/** Real Socket.IO clients against an app listening on an ephemeral port. */
import type { FastifyInstance } from 'fastify';
import {
	io as connect,
	type ManagerOptions,
	type Socket,
	type SocketOptions,
} from 'socket.io-client';
import { onTestFinished } from 'vitest';
import type {
	ClientToServerEvents,
	LegacyState,
	PlaybackCommand,
	RoomMembers,
	RoomPlayback,
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
	options: Partial<ManagerOptions & SocketOptions> = {},
): TestSocket {
	const socket: TestSocket = connect(baseUrl, {
		path: '/socket.io',
		...(room ? { auth: { room } } : {}),
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: { ...(cookie ? { cookie } : {}), ...extraHeaders },
		...options,
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

/** Client options of a viewer that should come back by itself after a dropped connection. */
export const RECONNECTING = {
	reconnection: true,
	reconnectionDelay: 100,
	reconnectionDelayMax: 500,
} as const;

export interface Viewer {
	cookie: string;
	socket: TestSocket;
	/** The first `playback:state` it got. */
	first: RoomPlayback;
}

/**
 * Log in as `name` with the shared password and connect a socket to the default room — through
 * `options.via` (e.g. a relay) when given — and wait for its first playback state.
 */
export async function joinAs(
	base: string,
	name: string,
	options: Partial<ManagerOptions & SocketOptions> & { via?: string } = {},
): Promise<Viewer> {
	const { via = base, ...clientOptions } = options;
	const cookie = await httpLogin(base, { password: TEST_PASSWORD, name });
	const socket = createClient(via, cookie, {}, undefined, clientOptions);
	const first = await waitFor<RoomPlayback>(socket, 'playback:state');
	return { cookie, socket, first };
}

export interface CommandReply {
	ok: boolean;
	error?: string;
	message?: string;
	state?: RoomPlayback;
}

/** `playback:command` with its ack. */
export async function playbackCommand(
	socket: TestSocket,
	payload: PlaybackCommand,
): Promise<CommandReply> {
	return (await socket.timeout(5_000).emitWithAck('playback:command', payload)) as CommandReply;
}

/** The next `playback:state` matching `predicate`. */
export const nextPlayback = (
	socket: TestSocket,
	predicate: (state: RoomPlayback) => boolean,
	timeoutMs = 5_000,
) => waitFor<RoomPlayback>(socket, 'playback:state', timeoutMs, predicate);

/** The next `room:members` matching `predicate`. */
export const nextMembers = (
	socket: TestSocket,
	predicate: (members: RoomMembers) => boolean,
	timeoutMs = 5_000,
) => waitFor<RoomMembers>(socket, 'room:members', timeoutMs, predicate);

/** Display names in a presence list, sorted. */
export const memberNames = (members: RoomMembers): string[] =>
	members.members.map((m) => m.name).sort();

/** Keeps the latest value of `event` a socket received. */
export function latest<T>(socket: TestSocket, event: string, initial: T): () => T {
	let value = initial;
	socket.on(
		event as never,
		((next: T) => {
			value = next;
		}) as never,
	);
	return () => value;
}
