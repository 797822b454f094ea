import type {
	ControlPayload,
	LegacyState,
	Member,
	Media,
	PlaybackCommand,
	PlaybackState,
	RoomPhase,
	RoomPlayback,
	Waiting,
} from '@videotogether/shared';
import { api } from '../api/http.js';
import { createSocket, type AppSocket } from '../api/socket.js';
import { fromLegacyState } from '../playback/legacy.js';
import { StateOrder } from '../playback/order.js';
import type { PlayerAdapter } from '../player/adapter.js';
import { ClockSync, globalTimers, type Timers } from '../sync/clock.svelte.js';
import { IDLE_SNAPSHOT, SyncController, type SyncSnapshot } from '../sync/sync-controller.js';
import { preferences } from './preferences.svelte.js';

export type ConnectionPhase = 'offline' | 'connecting' | 'connected' | 'reconnecting';
export type CommandResult =
	{ ok: true } | { ok: false; error: string; message?: string; retryAfterS?: number };
/** A short-lived message about something that happened to the user's action. */
export type Notice = { kind: 'stale'; actor: string | null };

export const ACK_TIMEOUT_MS = 8000;
export const CLOCK_PING_TIMEOUT_MS = 5000;
export const NOTICE_MS = 4000;
const RETRY_CONNECT_MS = 2000;
/** Background events whose errors are not the user's business (an older server, a rate limit). */
const QUIET_EVENTS = new Set(['clock:ping', 'player:status', 'player:drift']);

type CommandInput = PlaybackCommand extends infer C
	? C extends { seq: number }
		? Omit<C, 'seq'>
		: never
	: never;

export interface RoomDeps {
	createSocket?: () => AppSocket;
	/** Local monotonic clock (ms on the epoch scale). */
	now?: () => number;
	timers?: Timers;
	/** The document whose visibility triggers a resync (null: none, in tests). */
	document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> | null;
	gentle?: () => boolean;
}

/**
 * The room as this client sees it: the connection, the latest `playback:state` and members, the
 * server clock, the sync controller driving the local player, and the commands. The socket lives
 * here; components only read getters and call methods.
 */
export class RoomState {
	#playback = $state.raw<RoomPlayback | null>(null);
	#members = $state.raw<Member[]>([]);
	#memberId = $state<string | null>(null);
	#phase = $state<ConnectionPhase>('offline');
	#appError = $state.raw<{ error: string; message: string } | null>(null);
	#notice = $state.raw<Notice | null>(null);
	#sync = $state.raw<SyncSnapshot>(IDLE_SNAPSHOT);
	#noWait = $state(false);
	#order = new StateOrder();
	/** Once the server speaks `playback:state`, the original `state` is ignored. */
	#modern = false;
	#everConnected = false;
	#socket: AppSocket | null = null;
	#retry: unknown = null;
	#noticeTimer: unknown = null;
	#createSocket: () => AppSocket;
	#timers: Timers;
	#document: RoomDeps['document'];
	readonly clock: ClockSync;
	readonly sync: SyncController;
	/** Called when the server refuses the handshake because the session is gone. */
	onUnauthorized: () => void = () => {};

	constructor(deps: RoomDeps = {}) {
		this.#createSocket = deps.createSocket ?? createSocket;
		this.#timers = deps.timers ?? globalTimers;
		this.#document = deps.document === undefined ? globalThis.document : deps.document;
		this.clock = new ClockSync({
			ping: (t0) => this.#ping(t0),
			now: deps.now,
			timers: this.#timers,
		});
		this.sync = new SyncController({
			clock: this.clock,
			timers: this.#timers,
			gentle: deps.gentle ?? (() => preferences.gentle),
			reporter: {
				status: (report) => {
					if (this.#modern && this.#socket?.connected) this.#socket.emit('player:status', report);
				},
				drift: (report) => {
					if (this.#modern && this.#socket?.connected) {
						this.#socket.volatile.emit('player:drift', report);
					}
				},
			},
		});
		this.#sync = this.sync.snapshot;
		this.sync.onChange((snapshot) => (this.#sync = snapshot));
	}

	// ---- what components read -----------------------------------------------------------------

	get playback(): RoomPlayback | null {
		return this.#playback;
	}
	/** The newest playback state (it may not have reached its anchor yet). */
	get state(): PlaybackState | null {
		return this.#playback?.playback ?? null;
	}
	get media(): Media | null {
		return this.state?.media ?? null;
	}
	/** The room's phase: idle, paused, playing or waiting (for buffering viewers). */
	get status(): RoomPhase {
		return this.#playback?.phase ?? 'idle';
	}
	get waiting(): Waiting | null {
		return this.#playback?.phase === 'waiting' ? this.#playback.waiting : null;
	}
	get members(): Member[] {
		return this.#members;
	}
	/** This tab's member id (the socket id) while connected. */
	get memberId(): string | null {
		return this.#memberId;
	}
	get self(): Member | null {
		return this.#members.find((m) => m.id === this.#memberId) ?? null;
	}
	get noWait(): boolean {
		return this.#noWait;
	}
	/** The local player's sync (status, drift, autoplay). */
	get player(): SyncSnapshot {
		return this.#sync;
	}
	get phase(): ConnectionPhase {
		return this.#phase;
	}
	get connected(): boolean {
		return this.#phase === 'connected';
	}
	get appError(): { error: string; message: string } | null {
		return this.#appError;
	}
	get notice(): Notice | null {
		return this.#notice;
	}
	get durationMs(): number | null {
		return this.media?.durationMs ?? this.#sync.durationMs ?? null;
	}

	/** Server time now. */
	serverNow(): number {
		return this.clock.serverNow();
	}

	/** The room's position now (0 when nothing is loaded), clamped to a known duration. */
	expectedMs(serverNowMs: number = this.clock.serverNow()): number {
		const position = this.sync.expectedMs(serverNowMs) ?? 0;
		const duration = this.durationMs;
		return duration === null ? position : Math.min(position, duration);
	}

	/** Is the room (in effect, now) playing? Follows scheduled anchors. */
	get playingNow(): boolean {
		const status = this.status;
		return status === 'playing' || (status === 'waiting' && this.state?.paused === false);
	}

	// ---- inputs --------------------------------------------------------------------------------

	/** Accepts a `playback:state` (ignores older ones). */
	applyPlayback(playback: RoomPlayback, receivedAtMs: number = this.clock.now()): boolean {
		this.clock.hint(playback.serverTimeMs, receivedAtMs);
		if (!this.#order.accept({ room: playback.room, seq: playback.playback.seq })) return false;
		this.#playback = playback;
		this.sync.setState(playback);
		return true;
	}

	/** Accepts an original `state` message while the server has not spoken `playback:state`. */
	applyLegacyState(state: LegacyState, receivedAtMs: number = this.clock.now()): boolean {
		if (this.#modern) return false;
		return this.applyPlayback(fromLegacyState(state), receivedAtMs);
	}

	attachPlayer(adapter: PlayerAdapter): void {
		this.sync.attach(adapter);
	}

	detachPlayer(adapter: PlayerAdapter): void {
		this.sync.detach(adapter);
	}

	connect(): void {
		if (this.#socket === null) this.#socket = this.#attach(this.#createSocket());
		this.#document?.addEventListener('visibilitychange', this.#onVisibility);
		if (this.#socket.connected || this.#socket.active) return;
		this.#phase = 'connecting';
		this.#socket.connect();
	}

	/** Leaves the room: closes the socket and forgets its state (used on logout). */
	disconnect(): void {
		this.#clearRetry();
		this.#document?.removeEventListener('visibilitychange', this.#onVisibility);
		this.#socket?.disconnect();
		this.clock.stop();
		this.#phase = 'offline';
		this.#playback = null;
		this.#members = [];
		this.#memberId = null;
		this.#order.reset();
		this.sync.clearState();
	}

	// ---- commands ------------------------------------------------------------------------------

	play(): Promise<CommandResult> {
		return this.#command({ type: 'play' });
	}
	pause(): Promise<CommandResult> {
		return this.#command({ type: 'pause' });
	}
	seek(positionMs: number): Promise<CommandResult> {
		let position = Math.max(0, Math.round(positionMs));
		const duration = this.durationMs;
		if (duration !== null) position = Math.min(position, Math.floor(duration));
		return this.#command({ type: 'seek', positionMs: position });
	}
	setRate(rate: number): Promise<CommandResult> {
		return this.#command({ type: 'rate', rate });
	}
	load(url: string): Promise<CommandResult> {
		return this.#command({ type: 'load', url });
	}

	/** "Don't wait for me": my buffering never pauses the room. */
	setNoWait(noWait: boolean): void {
		this.#noWait = noWait;
		if (this.#socket?.connected) this.#socket.emit('member:settings', { noWait });
	}

	/** From a click on the autoplay overlay: start playback with the gesture. */
	joinWithGesture(muted = false): Promise<void> {
		return this.sync.joinWithGesture(muted);
	}

	/** Re-place the local player on the room's timeline (the "resync" button). */
	resync(): void {
		this.sync.resync();
	}

	setMuted(muted: boolean): void {
		this.sync.setMuted(muted);
	}

	setVolume(volume: number): void {
		this.sync.setVolume(volume);
	}

	dismissNotice(): void {
		this.#notice = null;
	}

	async #command(input: CommandInput): Promise<CommandResult> {
		const socket = this.#socket;
		if (socket === null || !socket.connected) return { ok: false, error: 'network' };
		if (!this.#modern) return this.#legacyCommand(socket, input);
		const seq = this.state?.seq ?? 0;
		const payload = { ...input, seq } as PlaybackCommand;
		let response;
		try {
			response = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('playback:command', payload);
		} catch {
			return { ok: false, error: 'timeout' };
		}
		if (response.state) this.applyPlayback(response.state);
		if (response.ok) return { ok: true };
		if (response.error === 'stale_seq') {
			// Someone else changed playback first: theirs stands (applied above).
			this.#showNotice({ kind: 'stale', actor: response.state?.playback.actor ?? null });
			return { ok: false, error: 'stale_seq', message: response.message };
		}
		const failure: CommandResult = { ok: false, error: response.error, message: response.message };
		if (response.retry_after_s !== undefined) failure.retryAfterS = response.retry_after_s;
		return failure;
	}

	/** For a server that only speaks the original protocol: `control` and `POST /video`. */
	async #legacyCommand(socket: AppSocket, input: CommandInput): Promise<CommandResult> {
		if (input.type === 'load') {
			const result = await api.loadVideo(input.url);
			return result.ok ? { ok: true } : result;
		}
		if (input.type === 'rate') return { ok: false, error: 'unavailable' };
		const position = input.type === 'seek' ? input.positionMs : Math.round(this.expectedMs());
		const payload: ControlPayload = { type: input.type, position_ms: position };
		try {
			const response = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('control', payload);
			return response.ok
				? { ok: true }
				: { ok: false, error: response.error, message: response.message };
		} catch {
			return { ok: false, error: 'timeout' };
		}
	}

	#showNotice(notice: Notice): void {
		this.#notice = notice;
		if (this.#noticeTimer !== null) this.#timers.clearTimeout(this.#noticeTimer);
		this.#noticeTimer = this.#timers.setTimeout(() => {
			this.#noticeTimer = null;
			this.#notice = null;
		}, NOTICE_MS);
	}

	// ---- the socket ----------------------------------------------------------------------------

	async #ping(t0: number) {
		const socket = this.#socket;
		if (socket === null || !socket.connected) return null;
		try {
			const pong = await socket.timeout(CLOCK_PING_TIMEOUT_MS).emitWithAck('clock:ping', { t0 });
			return pong.ok ? pong : null;
		} catch {
			return null;
		}
	}

	#onVisibility = (): void => {
		if (this.#document?.visibilityState !== 'visible' || !this.connected) return;
		this.clock.wake();
		this.sync.resync();
	};

	#attach(socket: AppSocket): AppSocket {
		socket.on('connect', () => {
			this.#phase = 'connected';
			this.#memberId = socket.id ?? null;
			// After a reconnect (maybe to a restarted server) the first state is always accepted.
			this.#order.reset();
			this.sync.expectFreshTimeline();
			if (this.#everConnected) {
				this.clock.reconnected();
				this.sync.resync();
			} else {
				this.clock.start();
			}
			this.#everConnected = true;
			if (this.#noWait) socket.emit('member:settings', { noWait: true });
		});
		socket.on('disconnect', (reason) => {
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
		socket.on('playback:state', (playback) => {
			this.#modern = true;
			this.applyPlayback(playback);
		});
		socket.on('room:members', (update) => {
			this.#members = update.members;
			const self = update.members.find((m) => m.id === this.#memberId);
			if (self) {
				this.#noWait = self.noWait;
				this.sync.refreshStatus(self.status);
			}
		});
		socket.on('state', (state) => this.applyLegacyState(state));
		socket.on('app:error', (error) => {
			if (QUIET_EVENTS.has(error.event)) return;
			this.#appError = error;
		});
		return socket;
	}

	#retryLater(): void {
		if (this.#retry !== null) return;
		this.#retry = this.#timers.setTimeout(() => {
			this.#retry = null;
			if (this.#phase !== 'offline') this.#socket?.connect();
		}, RETRY_CONNECT_MS);
	}

	#clearRetry(): void {
		if (this.#retry !== null) this.#timers.clearTimeout(this.#retry);
		this.#retry = null;
	}
}

export const room = new RoomState();
