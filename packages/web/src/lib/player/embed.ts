import type { Media, PlayerStatus } from '@videotogether/shared';
import { globalTimers, type Timers } from '../sync/clock.svelte.js';
import { buildEmbedSrc } from '../playback/embed.js';
import { Listeners, type PlayerAdapter } from './adapter.js';

export const BILIBILI_PLAYER_ORIGIN = 'https://player.bilibili.com';
/** How long a play/pause message has to be confirmed before we fall back to reloading. */
export const EMBED_CONFIRM_MS = 2000;

export interface EmbedDeps {
	/** Local clock for the position estimate (ms). */
	now?: () => number;
	timers?: Timers;
	/** Where `message` events arrive (the window holding the iframe). */
	messages?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

type Operation = 'playing' | 'paused' | 'ended';

/** Parses the embed's `playerOperation-{json}` messages (undocumented; see bilibili-upstream §12.3). */
export function parsePlayerOperation(data: unknown): Operation | null {
	if (typeof data !== 'string' || !data.startsWith('playerOperation-')) return null;
	try {
		const parsed: unknown = JSON.parse(data.slice('playerOperation-'.length));
		const type = (parsed as { type?: unknown } | null)?.type;
		return type === 'playing' || type === 'paused' || type === 'ended' ? type : null;
	} catch {
		return null;
	}
}

/**
 * Bilibili's official embed in loose-sync mode. No position readback and no seek: seeking reloads
 * the iframe with `t=<whole seconds>`, play/pause are best-effort `setPlayer-` messages (with a
 * reload as the fallback when the player never confirms), and the position is estimated from our
 * own clock since the iframe finished loading.
 */
export class EmbedAdapter implements PlayerAdapter {
	readonly precision = 'estimated' as const;
	readonly supportsRate = false;
	readonly seeking = false;
	readonly #iframe: HTMLIFrameElement;
	readonly #now: () => number;
	readonly #timers: Timers;
	readonly #messages: EmbedDeps['messages'];
	readonly #statusListeners = new Listeners<[PlayerStatus]>();
	readonly #endedListeners = new Listeners<[]>();
	readonly #seekedListeners = new Listeners<[]>();
	readonly #onMessage = (event: MessageEvent) => this.#message(event);
	readonly #onLoad = () => this.#loaded();
	#media: Media | null = null;
	#status: PlayerStatus = 'loading';
	/** What the embed is believed to do. */
	#playing = false;
	#basePositionMs = 0;
	/** When the estimate started running (null: still loading, position holds). */
	#baseAt: number | null = null;
	#awaitingLoad = false;
	#pendingLoad: { resolve: () => void } | null = null;
	/** The player has answered a message at least once: its postMessage API works. */
	#apiSeen = false;
	#confirmTimer: unknown = null;
	#muted = false;
	#volume = 1;

	constructor(iframe: HTMLIFrameElement, deps: EmbedDeps = {}) {
		this.#iframe = iframe;
		this.#now = deps.now ?? (() => performance.now());
		this.#timers = deps.timers ?? globalTimers;
		this.#messages = deps.messages ?? globalThis.window;
		iframe.addEventListener('load', this.#onLoad);
		this.#messages?.addEventListener('message', this.#onMessage);
	}

	get status(): PlayerStatus {
		return this.#status;
	}
	get paused(): boolean {
		return !this.#playing;
	}
	get muted(): boolean {
		return this.#muted;
	}
	get volume(): number {
		return this.#volume;
	}
	get durationMs(): number | null {
		return this.#media?.durationMs ?? null;
	}

	load(media: Media, options: { startMs: number; autoplay?: boolean }): Promise<void> {
		this.#media = media;
		this.#pendingLoad?.resolve();
		return new Promise((resolve) => {
			this.#pendingLoad = { resolve };
			this.#navigate(options.startMs, options.autoplay ?? false);
		});
	}

	play(): Promise<'ok' | 'blocked'> {
		if (!this.#playing) this.#switch(true);
		return Promise.resolve('ok');
	}

	pause(): void {
		if (this.#playing) this.#switch(false);
	}

	seek(positionMs: number): void {
		this.#navigate(positionMs, this.#playing);
	}

	setRate(): void {
		// The embed takes no rate.
	}

	setMuted(muted: boolean): void {
		this.#muted = muted;
		this.#post('changeVolume', { volume: muted ? 0 : this.#volume });
	}

	setVolume(volume: number): void {
		this.#volume = Math.min(1, Math.max(0, volume));
		if (!this.#muted) this.#post('changeVolume', { volume: this.#volume });
	}

	currentMs(): number {
		let position = this.#basePositionMs;
		if (this.#playing && this.#baseAt !== null) position += Math.max(0, this.#now() - this.#baseAt);
		const duration = this.durationMs;
		return duration !== null ? Math.min(position, duration) : position;
	}

	onStatus(callback: (status: PlayerStatus) => void): () => void {
		return this.#statusListeners.add(callback);
	}
	onEnded(callback: () => void): () => void {
		return this.#endedListeners.add(callback);
	}
	/** The iframe finished (re)loading after a seek. */
	onSeeked(callback: () => void): () => void {
		return this.#seekedListeners.add(callback);
	}

	destroy(): void {
		this.#clearConfirm();
		this.#iframe.removeEventListener('load', this.#onLoad);
		this.#messages?.removeEventListener('message', this.#onMessage);
		this.#pendingLoad?.resolve();
		this.#pendingLoad = null;
		this.#statusListeners.clear();
		this.#endedListeners.clear();
		this.#seekedListeners.clear();
	}

	// ---- internals ----------------------------------------------------------------------------

	#navigate(positionMs: number, playing: boolean): void {
		const base = this.#media?.embedUrl;
		if (!base) return;
		this.#clearConfirm();
		// The embed only takes whole seconds: it starts at the floor.
		const startMs = Math.floor(Math.max(0, positionMs) / 1000) * 1000;
		this.#basePositionMs = startMs;
		this.#baseAt = null;
		this.#playing = playing;
		this.#awaitingLoad = true;
		this.#setStatus('loading');
		this.#iframe.src = buildEmbedSrc(base, startMs, playing);
	}

	#loaded(): void {
		if (!this.#awaitingLoad) return;
		this.#awaitingLoad = false;
		this.#baseAt = this.#now();
		this.#setStatus('ready');
		this.#seekedListeners.emit();
		const pending = this.#pendingLoad;
		this.#pendingLoad = null;
		pending?.resolve();
	}

	/** Start or stop: by message when the player is known to listen, else by reloading. */
	#switch(playing: boolean): void {
		const position = this.currentMs();
		if (!this.#apiSeen || this.#awaitingLoad) {
			this.#navigate(position, playing);
			return;
		}
		this.#freezeAt(position, playing);
		this.#post('play', playing);
		this.#clearConfirm();
		this.#confirmTimer = this.#timers.setTimeout(() => {
			this.#confirmTimer = null;
			this.#navigate(this.currentMs(), playing);
		}, EMBED_CONFIRM_MS);
	}

	#freezeAt(positionMs: number, playing: boolean): void {
		this.#basePositionMs = positionMs;
		this.#baseAt = this.#now();
		this.#playing = playing;
	}

	#message(event: MessageEvent): void {
		if (event.source !== this.#iframe.contentWindow) return;
		const operation = parsePlayerOperation(event.data);
		if (operation === null) return;
		this.#apiSeen = true;
		if (operation === 'ended') {
			this.#freezeAt(this.currentMs(), false);
			this.#endedListeners.emit();
			return;
		}
		const playing = operation === 'playing';
		if (this.#confirmTimer !== null && playing === this.#playing) this.#clearConfirm();
		if (playing !== this.#playing) this.#freezeAt(this.currentMs(), playing);
	}

	#post(type: string, value: unknown): void {
		this.#iframe.contentWindow?.postMessage(
			`setPlayer-${JSON.stringify({ type, value })}`,
			BILIBILI_PLAYER_ORIGIN,
		);
	}

	#clearConfirm(): void {
		if (this.#confirmTimer !== null) this.#timers.clearTimeout(this.#confirmTimer);
		this.#confirmTimer = null;
	}

	#setStatus(status: PlayerStatus): void {
		if (this.#status === status) return;
		this.#status = status;
		this.#statusListeners.emit(status);
	}
}
