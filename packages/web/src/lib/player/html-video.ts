import type { Media, PlayerStatus } from '@videotogether/shared';
import type HlsType from 'hls.js';
import type { MediaPlayer, MediaPlayerClass } from 'dashjs';
import { Listeners, type PlayerAdapter } from './adapter.js';

/** What we use of the lazily loaded modules. */
interface HlsModule {
	default: typeof HlsType;
}
/**
 * The rate dash.js starts each item on, kbit/s: it picks the best representation at or under it
 * (the lowest when none is), then adapts.
 */
export const DASH_START_KBPS = { video: 2000, audio: 320 } as const;

interface DashModule {
	MediaPlayer: typeof MediaPlayer;
}

export interface HtmlVideoDeps {
	/** Lazy loaders: hls.js and dash.js are separate chunks fetched only for such media. */
	loadHls?: () => Promise<HlsModule>;
	loadDash?: () => Promise<DashModule>;
}

/** How a URL must be opened, from the server's `format` or the file extension. */
export function mediaFormat(media: Pick<Media, 'url' | 'format'>): NonNullable<Media['format']> {
	if (media.format) return media.format;
	let path = media.url;
	try {
		path = new URL(media.url, 'http://x/').pathname;
	} catch {
		// Keep the raw string.
	}
	const lower = path.toLowerCase();
	if (lower.endsWith('.m3u8')) return 'hls';
	if (lower.endsWith('.mpd')) return 'dash';
	if (lower.endsWith('.webm')) return 'webm';
	return 'mp4';
}

/**
 * Our own `<video>`: progressive files directly, HLS through hls.js (or natively where the
 * browser can), DASH through dash.js. The position is `currentTime`: in Chromium a continuous
 * media clock (read twice in a row it has moved by the time between, to ~0.1 ms), whereas the
 * presented frames' media times step by a frame duration and are shown on display refreshes, up to
 * a frame behind it. Frames (`requestVideoFrameCallback`, where the browser offers it) pace the
 * controller's sampling.
 */
export class HtmlVideoAdapter implements PlayerAdapter {
	readonly supportsRate = true;
	readonly precision: 'frame' | 'time';
	readonly #video: HTMLVideoElement;
	readonly #deps: Required<HtmlVideoDeps>;
	readonly #events = new AbortController();
	readonly #statusListeners = new Listeners<[PlayerStatus]>();
	readonly #frameListeners = new Listeners<[number, number]>();
	readonly #endedListeners = new Listeners<[]>();
	readonly #seekedListeners = new Listeners<[]>();
	#status: PlayerStatus = 'loading';
	#hls: HlsType | null = null;
	#dash: MediaPlayerClass | null = null;
	#frameHandle: number | null = null;
	#loadToken = 0;
	#destroyed = false;
	/** Fails the load in progress (a fatal hls.js / dash.js error never reaches the element). */
	#failOpen: (() => void) | null = null;

	constructor(video: HTMLVideoElement, deps: HtmlVideoDeps = {}) {
		this.#video = video;
		this.#deps = {
			loadHls: deps.loadHls ?? (() => import('hls.js')),
			loadDash: deps.loadDash ?? (() => import('dashjs')),
		};
		this.precision = typeof video.requestVideoFrameCallback === 'function' ? 'frame' : 'time';
		video.preload = 'auto';
		video.playsInline = true;
		video.controls = false;
		this.#listen();
		this.#requestFrame();
	}

	get status(): PlayerStatus {
		return this.#status;
	}
	get paused(): boolean {
		return this.#video.paused;
	}
	get seeking(): boolean {
		return this.#video.seeking;
	}
	get muted(): boolean {
		return this.#video.muted;
	}
	get volume(): number {
		return this.#video.volume;
	}
	get durationMs(): number | null {
		const duration = this.#video.duration;
		return Number.isFinite(duration) && duration > 0 ? duration * 1000 : null;
	}

	async load(media: Media, options: { startMs: number }): Promise<void> {
		const token = ++this.#loadToken;
		const video = this.#video;
		this.#teardownStreaming();
		this.#setStatus('loading');
		const startS = Math.max(0, options.startMs) / 1000;
		const format = mediaFormat(media);
		const opened = this.#whenOpened(token);
		try {
			if (format === 'hls' && video.canPlayType('application/vnd.apple.mpegurl') === '') {
				await this.#openHls(media.url, startS, token);
			} else if (format === 'dash') {
				await this.#openDash(media.url, startS, token);
			} else {
				video.src = media.url;
			}
			await opened;
		} catch (error) {
			if (token === this.#loadToken) this.#setStatus('error');
			throw error;
		}
		if (token !== this.#loadToken) return;
		if (Math.abs(video.currentTime - startS) > 0.001) video.currentTime = startS;
	}

	play(): Promise<'ok' | 'blocked'> {
		let started: Promise<void>;
		try {
			started = this.#video.play();
		} catch (error) {
			started = Promise.reject(error instanceof Error ? error : new Error(String(error)));
		}
		return started.then(
			() => 'ok' as const,
			(error: unknown) => {
				if (error instanceof DOMException && error.name === 'NotAllowedError') {
					this.#setStatus('autoplay-blocked');
					return 'blocked' as const;
				}
				// AbortError: interrupted by a pause or a new load — not a refusal.
				return 'ok' as const;
			},
		);
	}

	pause(): void {
		this.#video.pause();
	}

	seek(positionMs: number): void {
		this.#video.currentTime = Math.max(0, positionMs) / 1000;
	}

	setRate(rate: number): void {
		if (this.#video.playbackRate !== rate) this.#video.playbackRate = rate;
	}

	setMuted(muted: boolean): void {
		this.#video.muted = muted;
	}

	setVolume(volume: number): void {
		this.#video.volume = Math.min(1, Math.max(0, volume));
	}

	/** The media clock now (continuous while playing; the seek target while seeking). */
	currentMs(): number {
		return this.#video.currentTime * 1000;
	}

	onStatus(callback: (status: PlayerStatus) => void): () => void {
		return this.#statusListeners.add(callback);
	}
	onFrame(callback: (mediaTimeMs: number, performanceNowMs: number) => void): () => void {
		return this.#frameListeners.add(callback);
	}
	onEnded(callback: () => void): () => void {
		return this.#endedListeners.add(callback);
	}
	onSeeked(callback: () => void): () => void {
		return this.#seekedListeners.add(callback);
	}

	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		this.#loadToken += 1;
		this.#events.abort();
		if (this.#frameHandle !== null && typeof this.#video.cancelVideoFrameCallback === 'function') {
			this.#video.cancelVideoFrameCallback(this.#frameHandle);
		}
		this.#frameHandle = null;
		this.#teardownStreaming();
		this.#video.pause();
		this.#video.removeAttribute('src');
		this.#video.load();
		this.#statusListeners.clear();
		this.#frameListeners.clear();
		this.#endedListeners.clear();
		this.#seekedListeners.clear();
	}

	// ---- internals ----------------------------------------------------------------------------

	async #openHls(url: string, startS: number, token: number): Promise<void> {
		const { default: Hls } = await this.#deps.loadHls();
		if (token !== this.#loadToken) return;
		if (!Hls.isSupported()) throw new Error('HLS is not supported in this browser');
		const hls = new Hls({ startPosition: startS, enableWorker: true });
		this.#hls = hls;
		hls.on(Hls.Events.ERROR, (_event, data) => {
			if (data.fatal && this.#hls === hls) this.#fail();
		});
		hls.attachMedia(this.#video);
		hls.loadSource(url);
	}

	async #openDash(url: string, startS: number, token: number): Promise<void> {
		const dashjs = await this.#deps.loadDash();
		if (token !== this.#loadToken) return;
		const player = dashjs.MediaPlayer().create();
		this.#dash = player;
		// The sync controller owns the rate; dash.js must not chase a live edge or change it. It
		// starts on a known rate (not one learned from the last item), which the queue's warming
		// of the next item fetches ahead (see `warmDash`).
		player.updateSettings({
			streaming: {
				liveCatchup: { enabled: false },
				abr: { initialBitrate: { video: DASH_START_KBPS.video, audio: DASH_START_KBPS.audio } },
			},
		});
		player.on('error', () => {
			if (this.#dash === player) this.#fail();
		});
		player.initialize(this.#video, url, false, startS);
	}

	#teardownStreaming(): void {
		if (this.#hls !== null) {
			this.#hls.destroy();
			this.#hls = null;
		}
		if (this.#dash !== null) {
			this.#dash.destroy();
			this.#dash = null;
		}
	}

	/** Resolves when the new media's metadata is in (position readable), rejects on an error. */
	#whenOpened(token: number): Promise<void> {
		const video = this.#video;
		return new Promise((resolve, reject) => {
			const cleanup = new AbortController();
			const done = (ok: boolean) => {
				cleanup.abort();
				if (this.#failOpen === fail) this.#failOpen = null;
				if (ok) resolve();
				else reject(new Error(video.error?.message || 'The media could not be opened'));
			};
			const fail = () => done(false);
			this.#failOpen = fail;
			const options = { signal: cleanup.signal };
			video.addEventListener('loadedmetadata', () => done(true), options);
			video.addEventListener('error', () => done(false), options);
			this.#events.signal.addEventListener('abort', () => done(false), options);
			const superseded = () => {
				if (token !== this.#loadToken) done(false);
			};
			video.addEventListener('emptied', superseded, options);
		});
	}

	#fail(): void {
		this.#setStatus('error');
		this.#failOpen?.();
	}

	#listen(): void {
		const video = this.#video;
		const on = (event: string, handler: () => void) =>
			video.addEventListener(event, handler, { signal: this.#events.signal });
		const ready = () => {
			if (video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA && !video.seeking) {
				this.#setStatus('ready');
			}
		};
		on('waiting', () => this.#setStatus('buffering'));
		on('stalled', () => {
			if (video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA) this.#setStatus('buffering');
		});
		on('canplay', ready);
		on('canplaythrough', ready);
		on('playing', ready);
		on('seeked', () => {
			ready();
			this.#seekedListeners.emit();
		});
		on('seeking', () => {
			// Until the data at the new position is in, the player cannot go on (even paused, it
			// could not start). The controller reports it only if it lasts.
			if (video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA) this.#setStatus('buffering');
		});
		on('error', () => this.#fail());
		on('ended', () => this.#endedListeners.emit());
		// Re-announce the status so listeners notice a new duration.
		on('durationchange', () => this.#statusListeners.emit(this.#status));
	}

	#requestFrame(): void {
		const video = this.#video;
		if (this.#destroyed || typeof video.requestVideoFrameCallback !== 'function') return;
		this.#frameHandle = video.requestVideoFrameCallback((_now, metadata) => {
			this.#frameHandle = null;
			if (this.#destroyed) return;
			if (!video.seeking) {
				this.#frameListeners.emit(metadata.mediaTime * 1000, metadata.expectedDisplayTime);
			}
			this.#requestFrame();
		});
	}

	#setStatus(status: PlayerStatus): void {
		if (this.#status === status || this.#destroyed) return;
		this.#status = status;
		this.#statusListeners.emit(status);
	}
}
