import {
	DEFAULT_ROOM_ID,
	type Ack,
	type ControlMode,
	type ControlPayload,
	type HostRequest,
	type HostRequestEvent,
	type LegacyState,
	type Member,
	type Media,
	type PlaybackCommand,
	type PlaybackState,
	type QueueCommand,
	type QueueItem,
	type RoomDetails,
	type RoomInfo,
	type RoomPhase,
	type RoomPlayback,
	type RoomUpdate,
	type Waiting,
} from '@videotogether/shared';
import { api } from '../api/http.js';
import { createSocket, type AppSocket } from '../api/socket.js';
import { fromLegacyState } from '../playback/legacy.js';
import { StateOrder } from '../playback/order.js';
import type { PlayerAdapter } from '../player/adapter.js';
import { ClockSync, globalTimers, type Timers } from '../sync/clock.svelte.js';
import { IDLE_SNAPSHOT, SyncController, type SyncSnapshot } from '../sync/sync-controller.js';
import { ChatState, type ChatAck } from './chat.svelte.js';
import { HostRequests } from './host-requests.svelte.js';
import { preferences } from './preferences.svelte.js';

export type ConnectionPhase = 'offline' | 'connecting' | 'connected' | 'reconnecting';
export type CommandResult =
	{ ok: true } | { ok: false; error: string; message?: string; retryAfterS?: number };
/** A short-lived message about something that happened to the user's action. */
export type Notice =
	| { kind: 'stale'; actor: string | null }
	/** Only the host may do that here; `request` is what to ask the host for. */
	| { kind: 'host-only'; request: HostRequest }
	| { kind: 'asked' }
	| { kind: 'host-away' };

export const ACK_TIMEOUT_MS = 8000;
export const CLOCK_PING_TIMEOUT_MS = 5000;
export const NOTICE_MS = 4000;
/** Long enough to read it and press "ask the host". */
export const HOST_NOTICE_MS = 10_000;
const RETRY_CONNECT_MS = 2000;
/** Background events whose errors are not the user's business (an older server, a rate limit). */
const QUIET_EVENTS = new Set(['clock:ping', 'player:status', 'player:drift']);

type CommandInput = PlaybackCommand extends infer C
	? C extends { seq: number }
		? Omit<C, 'seq'>
		: never
	: never;

export interface RoomDeps {
	createSocket?: (roomId: string) => AppSocket;
	/** Local monotonic clock (ms on the epoch scale). */
	now?: () => number;
	timers?: Timers;
	/** The document whose visibility triggers a resync (null: none, in tests). */
	document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> | null;
	gentle?: () => boolean;
}

/** What to ask the host for, when a playback command was refused. */
function hostRequestFor(input: CommandInput): HostRequest {
	switch (input.type) {
		case 'seek':
			return { action: 'seek', positionMs: input.positionMs };
		case 'rate':
			return { action: 'rate', rate: input.rate };
		case 'load':
			return { action: 'load', url: input.url };
		default:
			return { action: input.type };
	}
}

/**
 * The room as this client sees it: the connection, the latest `playback:state` and members, the
 * room's rules and queue, its chat, the server clock, the sync controller driving the local
 * player, and the commands. The socket lives here (one per room: another room is another
 * socket); components only read getters and call methods.
 */
export class RoomState {
	#roomId = $state(DEFAULT_ROOM_ID);
	#info = $state.raw<RoomInfo | null>(null);
	#queue = $state.raw<QueueItem[]>([]);
	#memberCount = $state(0);
	#notFound = $state(false);
	#closed = $state(false);
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
	/** Bumped whenever the socket is dropped: handlers of an older socket do nothing. */
	#generation = 0;
	#retry: unknown = null;
	#noticeTimer: unknown = null;
	#createSocket: (roomId: string) => AppSocket;
	#timers: Timers;
	#document: RoomDeps['document'];
	readonly clock: ClockSync;
	readonly sync: SyncController;
	readonly chat: ChatState;
	/** Requests from guests, shown to the host. */
	readonly requests: HostRequests;
	/** Called when the server refuses the handshake because the session is gone. */
	onUnauthorized: () => void = () => {};
	/** Called when the room was deleted (the server hangs up next). */
	onClosed: (roomId: string) => void = () => {};

	constructor(deps: RoomDeps = {}) {
		this.#createSocket = deps.createSocket ?? createSocket;
		this.#timers = deps.timers ?? globalTimers;
		this.#document = deps.document === undefined ? globalThis.document : deps.document;
		this.chat = new ChatState({
			transport: {
				send: (payload) => this.#sendChat(payload),
				history: (query) => api.chatHistory({ room: this.#roomId, ...query }),
			},
		});
		this.requests = new HostRequests(this.#timers);
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

	/** The room this client is in (or trying to join). */
	get roomId(): string {
		return this.#roomId;
	}
	/** The room's name and rules (after `room:info`). */
	get info(): RoomInfo | null {
		return this.#info;
	}
	/** What plays next, in order. */
	get queue(): QueueItem[] {
		return this.#queue;
	}
	get controlMode(): ControlMode {
		return this.#info?.controlMode ?? 'everyone';
	}
	/** This user hosts the room. */
	get isHost(): boolean {
		const hostId = this.#info?.hostId ?? null;
		return hostId !== null && this.self?.userId === hostId;
	}
	/** This user may control playback and the queue. */
	get canControl(): boolean {
		return this.controlMode === 'everyone' || this.isHost;
	}
	/** How many viewers in all (the member list may be cut in huge rooms). */
	get memberCount(): number {
		return Math.max(this.#memberCount, this.#members.length);
	}
	/** The server has no such room. */
	get notFound(): boolean {
		return this.#notFound;
	}
	/** The room was deleted while we were in it. */
	get closed(): boolean {
		return this.#closed;
	}

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

	/** Accepts a `room:info`: the room's name, rules and queue. */
	applyInfo(details: RoomDetails): void {
		this.#info = details.room;
		this.#queue = details.queue;
	}

	attachPlayer(adapter: PlayerAdapter): void {
		this.sync.attach(adapter);
	}

	detachPlayer(adapter: PlayerAdapter): void {
		this.sync.detach(adapter);
	}

	/** Joins `roomId` (leaving the room we were in, if another: one room per tab). */
	connect(roomId: string = DEFAULT_ROOM_ID): void {
		if (this.#socket !== null && roomId !== this.#roomId) this.disconnect();
		if (this.#socket === null) {
			if (roomId !== this.#roomId) this.#forgetRoom();
			this.#roomId = roomId;
			this.#notFound = false;
			this.#closed = false;
			this.#socket = this.#attach(this.#createSocket(roomId));
		}
		this.#document?.addEventListener('visibilitychange', this.#onVisibility);
		if (this.#socket.connected || this.#socket.active) return;
		this.#phase = 'connecting';
		this.#socket.connect();
	}

	/** Leaves the room: closes the socket and forgets the room's state (logout, other pages). */
	disconnect(): void {
		this.#clearRetry();
		this.#document?.removeEventListener('visibilitychange', this.#onVisibility);
		this.#dropSocket();
		this.clock.stop();
		this.#phase = 'offline';
		this.#forgetRoom();
	}

	#dropSocket(): void {
		const socket = this.#socket;
		this.#socket = null;
		this.#generation += 1;
		socket?.disconnect();
	}

	#forgetRoom(): void {
		this.#playback = null;
		this.#members = [];
		this.#memberCount = 0;
		this.#memberId = null;
		this.#info = null;
		this.#queue = [];
		this.#order.reset();
		this.sync.clearState();
		this.chat.reset();
		this.requests.clear();
		this.#notice = null;
		this.#appError = null;
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
	/** Play or pause, whichever the room is not doing. */
	togglePlay(): Promise<CommandResult> {
		return this.playingNow ? this.pause() : this.play();
	}
	/** Seek relative to the room's position now. */
	seekBy(deltaMs: number): Promise<CommandResult> {
		return this.seek(this.expectedMs() + deltaMs);
	}

	/** Add to, reorder, play from or skip in the queue. */
	async queueCommand(command: QueueCommand): Promise<CommandResult> {
		const result = await this.#ack((socket) =>
			socket.timeout(ACK_TIMEOUT_MS).emitWithAck('queue:command', command),
		);
		if (!result.ok && result.error === 'not_allowed') {
			if (command.type === 'next') this.#hostOnly({ action: 'next' });
			if (command.type === 'play') {
				const item = this.#queue.find((i) => i.id === command.itemId);
				if (item) this.#hostOnly({ action: 'load', url: item.media.url });
			}
		}
		return result;
	}

	/** The host changes the rules: control mode, who hosts, the name. */
	updateRoom(update: RoomUpdate): Promise<CommandResult> {
		return this.#ack((socket) => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:update', update));
	}

	/** Ask the host to do what we may not (host-only rooms). */
	async askHost(request: HostRequest): Promise<CommandResult> {
		const result = await this.#ack((socket) =>
			socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:request', request),
		);
		if (result.ok) this.#showNotice({ kind: 'asked' });
		else if (result.error === 'not_found') this.#showNotice({ kind: 'host-away' });
		return result;
	}

	/** The host does what a guest asked for. */
	performRequest(request: HostRequestEvent): Promise<CommandResult> {
		switch (request.action) {
			case 'play':
				return this.play();
			case 'pause':
				return this.pause();
			case 'seek':
				return request.positionMs === undefined
					? Promise.resolve({ ok: true })
					: this.seek(request.positionMs);
			case 'rate':
				return request.rate === undefined
					? Promise.resolve({ ok: true })
					: this.setRate(request.rate);
			case 'load':
				return request.url === undefined ? Promise.resolve({ ok: true }) : this.load(request.url);
			case 'next':
				return this.queueCommand({ type: 'next' });
		}
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
		if (response.error === 'not_allowed') this.#hostOnly(hostRequestFor(input));
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

	/** Runs an acknowledged emit on the socket, as a `CommandResult`. */
	async #ack(call: (socket: AppSocket) => Promise<Ack>): Promise<CommandResult> {
		const socket = this.#socket;
		if (socket === null || !socket.connected) return { ok: false, error: 'network' };
		let response: Ack;
		try {
			response = await call(socket);
		} catch {
			return { ok: false, error: 'timeout' };
		}
		if (response.ok) return { ok: true };
		const failure: CommandResult = { ok: false, error: response.error, message: response.message };
		if (response.retry_after_s !== undefined) failure.retryAfterS = response.retry_after_s;
		return failure;
	}

	async #sendChat(payload: { message: string; clientId: string }): Promise<ChatAck> {
		const socket = this.#socket;
		if (socket === null || !socket.connected) return { ok: false, error: 'network' };
		let response;
		try {
			response = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat:send', payload);
		} catch {
			return { ok: false, error: 'timeout' };
		}
		if (response.ok) return { ok: true, message: response.message };
		const failure: ChatAck = { ok: false, error: response.error, message: response.message };
		const limit = (response as { limit?: unknown }).limit;
		if (typeof limit === 'number') failure.limit = limit;
		if (response.retry_after_s !== undefined) failure.retryAfterS = response.retry_after_s;
		return failure;
	}

	#hostOnly(request: HostRequest): void {
		this.#showNotice({ kind: 'host-only', request }, HOST_NOTICE_MS);
	}

	#showNotice(notice: Notice, durationMs: number = NOTICE_MS): void {
		this.#notice = notice;
		if (this.#noticeTimer !== null) this.#timers.clearTimeout(this.#noticeTimer);
		this.#noticeTimer = this.#timers.setTimeout(() => {
			this.#noticeTimer = null;
			this.#notice = null;
		}, durationMs);
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
		const generation = this.#generation;
		/** Events of a socket we dropped change nothing. */
		const live = () => generation === this.#generation;
		socket.on('connect', () => {
			if (!live()) return;
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
			if (!live() || reason === 'io client disconnect') return;
			this.#phase = 'reconnecting';
			// The server hung up on purpose; socket.io will not retry by itself.
			if (reason === 'io server disconnect' && !this.#closed) this.#retryLater();
		});
		socket.on('connect_error', (error) => {
			if (!live()) return;
			if (error.message === 'unauthorized') {
				this.disconnect();
				this.onUnauthorized();
				return;
			}
			if (error.message === 'room_not_found') {
				this.#clearRetry();
				this.#dropSocket();
				this.#phase = 'offline';
				this.#notFound = true;
				return;
			}
			this.#phase = 'reconnecting';
			if (!socket.active) this.#retryLater();
		});
		socket.on('playback:state', (playback) => {
			if (!live()) return;
			this.#modern = true;
			this.applyPlayback(playback);
		});
		socket.on('room:members', (update) => {
			if (!live()) return;
			this.#members = update.members;
			this.#memberCount = update.count ?? update.members.length;
			const self = update.members.find((m) => m.id === this.#memberId);
			if (self) {
				this.#noWait = self.noWait;
				this.sync.refreshStatus(self.status);
			}
		});
		socket.on('room:info', (details) => {
			if (live()) this.applyInfo(details);
		});
		socket.on('room:closed', () => {
			if (!live()) return;
			this.#closed = true;
			this.#clearRetry();
			this.onClosed(this.#roomId);
		});
		socket.on('room:request', (request) => {
			if (live()) this.requests.add(request);
		});
		socket.on('chat:history', (history) => {
			if (live()) this.chat.applyHistory(history);
		});
		socket.on('chat:message', (message) => {
			if (live()) this.chat.receive(message);
		});
		socket.on('state', (state) => {
			if (live()) this.applyLegacyState(state);
		});
		socket.on('app:error', (error) => {
			if (!live() || QUIET_EVENTS.has(error.event)) return;
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
