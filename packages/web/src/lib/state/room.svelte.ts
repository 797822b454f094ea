import type { ControlPayload, LegacyState } from '@videotogether/shared';
import { createSocket, type AppSocket } from '../api/socket.js';
import { ClockOffsetEstimator, estimatePositionMs, StateOrder } from '../playback/estimate.js';
import { EmbedState } from './embed.svelte.js';

export type RoomStatus = 'idle' | 'playing' | 'paused';
export type ConnectionPhase = 'offline' | 'connecting' | 'connected' | 'reconnecting';
export type ControlResult =
	{ ok: true } | { ok: false; error: string; message?: string; retryAfterS?: number };

export const HEARTBEAT_INTERVAL_MS = 5000;
export const ACK_TIMEOUT_MS = 8000;
const RETRY_CONNECT_MS = 2000;

export interface RoomDeps {
	createSocket?: () => AppSocket;
	now?: () => number;
}

/**
 * The default room as this client sees it: the latest `state`, the connection, the clock offset
 * and the commands. The socket lives here; components only read getters and call methods.
 */
export class RoomState {
	#state = $state.raw<LegacyState | null>(null);
	#phase = $state<ConnectionPhase>('offline');
	#offsetMs = $state(0);
	#appError = $state.raw<{ error: string; message: string } | null>(null);
	#offset = new ClockOffsetEstimator();
	#order = new StateOrder();
	#socket: AppSocket | null = null;
	#heartbeat: ReturnType<typeof setInterval> | null = null;
	#retry: ReturnType<typeof setTimeout> | null = null;
	#createSocket: () => AppSocket;
	#now: () => number;
	readonly embed = new EmbedState();
	/** Called when the server refuses the handshake because the session is gone. */
	onUnauthorized: () => void = () => {};

	constructor(deps: RoomDeps = {}) {
		this.#createSocket = deps.createSocket ?? createSocket;
		this.#now = deps.now ?? Date.now;
	}

	get state(): LegacyState | null {
		return this.#state;
	}
	get phase(): ConnectionPhase {
		return this.#phase;
	}
	get connected(): boolean {
		return this.#phase === 'connected';
	}
	get clockOffsetMs(): number {
		return this.#offsetMs;
	}
	get appError(): { error: string; message: string } | null {
		return this.#appError;
	}
	get status(): RoomStatus {
		const state = this.#state;
		if (state === null || (state.url === null && state.media === null)) return 'idle';
		return state.status;
	}
	get durationMs(): number | null {
		return this.#state?.media?.durationMs ?? null;
	}

	/** Server time now, by the estimated offset. */
	serverNow(localNowMs: number = this.#now()): number {
		return localNowMs + this.#offsetMs;
	}

	/** The room's position at local time `localNowMs` (0 when nothing is loaded). */
	positionAt(localNowMs: number): number {
		const state = this.#state;
		return state === null ? 0 : estimatePositionMs(state, localNowMs, this.#offsetMs);
	}

	/** Accepts a `state` message received at local time `receivedAtMs` (ignores stale ones). */
	applyState(state: LegacyState, receivedAtMs: number = this.#now()): boolean {
		this.#offsetMs = this.#offset.add(state.server_time, receivedAtMs);
		if (!this.#order.accept(state)) return false;
		this.#state = state;
		this.embed.update(state, this.positionAt(receivedAtMs), this.serverNow(receivedAtMs));
		return true;
	}

	connect(): void {
		if (this.#socket === null) this.#socket = this.#attach(this.#createSocket());
		if (this.#socket.connected || this.#socket.active) return;
		this.#phase = 'connecting';
		this.#socket.connect();
	}

	/** Leaves the room: closes the socket and forgets its state (used on logout). */
	disconnect(): void {
		this.#clearTimers();
		this.#socket?.disconnect();
		this.#phase = 'offline';
		this.#state = null;
		this.#order.reset();
		this.embed.reset();
	}

	/** Sends play/pause/seek at `positionMs`; resolves with the server's ack (never rejects). */
	sendControl(type: ControlPayload['type'], positionMs: number): Promise<ControlResult> {
		const socket = this.#socket;
		if (socket === null || !socket.connected) {
			return Promise.resolve({ ok: false, error: 'network' });
		}
		const duration = this.durationMs;
		let position = Math.max(0, Math.round(positionMs));
		if (duration !== null) position = Math.min(position, Math.floor(duration));
		const payload: ControlPayload = { type, position_ms: position, reported_at: this.#now() };
		return new Promise((resolve) => {
			const timer = setTimeout(() => resolve({ ok: false, error: 'timeout' }), ACK_TIMEOUT_MS);
			socket.emit('control', payload, (response) => {
				clearTimeout(timer);
				resolve(
					response.ok
						? { ok: true }
						: { ok: false, error: response.error, message: response.message },
				);
			});
		});
	}

	#attach(socket: AppSocket): AppSocket {
		socket.on('connect', () => {
			this.#phase = 'connected';
			// After a reconnect (maybe to a restarted server) the first state is always accepted.
			this.#order.reset();
			this.#startHeartbeat();
		});
		socket.on('disconnect', (reason) => {
			this.#stopHeartbeat();
			if (reason === 'io client disconnect') return;
			this.#phase = 'reconnecting';
			// The server hung up on purpose; socket.io will not retry by itself.
			if (reason === 'io server disconnect') this.#retryLater();
		});
		socket.on('connect_error', (error) => {
			if (error.message === 'unauthorized') {
				this.disconnect();
				this.onUnauthorized();
				return;
			}
			this.#phase = 'reconnecting';
			if (!socket.active) this.#retryLater();
		});
		socket.on('state', (state) => this.applyState(state, this.#now()));
		socket.on('app:error', (error) => {
			this.#appError = error;
		});
		return socket;
	}

	#startHeartbeat(): void {
		this.#stopHeartbeat();
		this.#heartbeat = setInterval(() => this.#sendHeartbeat(), HEARTBEAT_INTERVAL_MS);
	}

	#sendHeartbeat(): void {
		const state = this.#state;
		if (state === null || state.url === null || !this.#socket?.connected) return;
		const now = this.#now();
		this.#socket.emit('heartbeat', {
			url: state.url,
			status: state.status,
			position_ms: Math.round(this.positionAt(now)),
			reported_at: now,
		});
	}

	#stopHeartbeat(): void {
		if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
		this.#heartbeat = null;
	}

	#retryLater(): void {
		if (this.#retry !== null) return;
		this.#retry = setTimeout(() => {
			this.#retry = null;
			if (this.#phase !== 'offline') this.#socket?.connect();
		}, RETRY_CONNECT_MS);
	}

	#clearTimers(): void {
		this.#stopHeartbeat();
		if (this.#retry !== null) clearTimeout(this.#retry);
		this.#retry = null;
	}
}

export const room = new RoomState();
