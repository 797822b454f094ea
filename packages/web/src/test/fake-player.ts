import type { DriftKind, Media, PlayerStatus, RoomPlayback } from '@videotogether/shared';
import { Listeners, type PlayerAdapter } from '../lib/player/adapter.js';
import type { SyncClock } from '../lib/sync/sync-controller.js';

/** A clock the test moves by hand: local time plus a fixed server offset. */
export class FakeClock implements SyncClock {
	local = 1_000_000;
	offsetMs = 5_000;
	rttMs: number | null = 12;

	now(): number {
		return this.local;
	}
	serverNow(localMs: number = this.local): number {
		return localMs + this.offsetMs;
	}
	toLocal(serverMs: number): number {
		return serverMs - this.offsetMs;
	}
}

/**
 * A player whose position follows the fake clock exactly (so drift is whatever the test makes
 * it). Records every call.
 */
export class FakePlayer implements PlayerAdapter {
	precision: DriftKind = 'frame';
	supportsRate = true;
	status: PlayerStatus = 'loading';
	paused = true;
	seeking = false;
	muted = false;
	volume = 1;
	durationMs: number | null = null;
	rate = 1;
	/** What `play()` answers (per call, from the front; then `'ok'`). */
	playResults: ('ok' | 'blocked')[] = [];
	/** Resolve loads immediately (else call `finishLoad`). */
	autoLoad = true;
	readonly calls: string[] = [];
	readonly rates: number[] = [];
	readonly seeks: number[] = [];
	readonly loads: { media: Media; startMs: number; autoplay?: boolean }[] = [];
	/** Local time of each `play()` call. */
	readonly playedAt: number[] = [];
	#position = 0;
	#since: number;
	#pendingLoad: (() => void) | null = null;
	readonly #status = new Listeners<[PlayerStatus]>();
	readonly #frames = new Listeners<[number, number]>();
	readonly #ended = new Listeners<[]>();
	readonly #seeked = new Listeners<[]>();
	readonly #clock: FakeClock;

	constructor(clock: FakeClock) {
		this.#clock = clock;
		this.#since = clock.local;
	}

	currentMs(): number {
		const elapsed = this.paused ? 0 : (this.#clock.local - this.#since) * this.rate;
		return this.#position + elapsed;
	}

	/** Move the player by `deltaMs` behind the controller's back (to create drift). */
	shift(deltaMs: number): void {
		this.#rebase();
		this.#position += deltaMs;
	}

	load(media: Media, options: { startMs: number; autoplay?: boolean }): Promise<void> {
		this.calls.push('load');
		this.loads.push({ media, startMs: options.startMs, autoplay: options.autoplay });
		this.paused = true;
		this.#position = options.startMs;
		this.#since = this.#clock.local;
		return new Promise((resolve) => {
			const finish = () => {
				this.setStatus('ready');
				resolve();
			};
			if (this.autoLoad) queueMicrotask(finish);
			else this.#pendingLoad = finish;
		});
	}

	finishLoad(): void {
		this.#pendingLoad?.();
		this.#pendingLoad = null;
	}

	play(): Promise<'ok' | 'blocked'> {
		this.calls.push(this.muted ? 'play:muted' : 'play');
		this.playedAt.push(this.#clock.local);
		const result = this.playResults.shift() ?? 'ok';
		if (result === 'blocked') {
			this.setStatus('autoplay-blocked');
			return Promise.resolve('blocked');
		}
		this.#rebase();
		this.paused = false;
		this.setStatus('ready');
		return Promise.resolve('ok');
	}

	pause(): void {
		this.calls.push('pause');
		this.#rebase();
		this.paused = true;
	}

	seek(positionMs: number): void {
		this.calls.push(`seek:${Math.round(positionMs)}`);
		this.seeks.push(positionMs);
		this.#position = positionMs;
		this.#since = this.#clock.local;
		queueMicrotask(() => this.#seeked.emit());
	}

	setRate(rate: number): void {
		this.#rebase();
		this.rate = rate;
		this.rates.push(rate);
	}

	setMuted(muted: boolean): void {
		this.muted = muted;
	}

	setVolume(volume: number): void {
		this.volume = volume;
	}

	setStatus(status: PlayerStatus): void {
		this.status = status;
		this.#status.emit(status);
	}

	/** Present a frame now (`perfToLocal` is the identity in these tests). */
	frame(): void {
		this.#frames.emit(this.currentMs(), this.#clock.local);
	}

	/** Present a frame of media time `mediaMs` shown at local time `displayAt`. */
	frameAt(mediaMs: number, displayAt: number): void {
		this.#frames.emit(mediaMs, displayAt);
	}

	onStatus(callback: (status: PlayerStatus) => void): () => void {
		return this.#status.add(callback);
	}
	onFrame(callback: (mediaTimeMs: number, performanceNowMs: number) => void): () => void {
		return this.#frames.add(callback);
	}
	onEnded(callback: () => void): () => void {
		return this.#ended.add(callback);
	}
	onSeeked(callback: () => void): () => void {
		return this.#seeked.add(callback);
	}
	emitSeeked(): void {
		this.#seeked.emit();
	}
	destroy(): void {
		this.calls.push('destroy');
	}

	#rebase(): void {
		this.#position = this.currentMs();
		this.#since = this.#clock.local;
	}
}

export const MEDIA: Media = {
	id: 'https://media.example/a.mp4',
	kind: 'direct',
	url: 'https://media.example/a.mp4',
	format: 'mp4',
};

/** A `playback:state` with defaults: paused at 0 on MEDIA, seq 1. */
export function roomPlayback(
	playback: Partial<RoomPlayback['playback']> = {},
	extra: Partial<Omit<RoomPlayback, 'playback'>> = {},
): RoomPlayback {
	const state = {
		media: MEDIA,
		paused: true,
		positionMs: 0,
		anchorMs: 0,
		rate: 1,
		seq: 1,
		actor: 'Ann',
		...playback,
	};
	return {
		room: 'default',
		playback: state,
		phase: state.media === null ? 'idle' : state.paused ? 'paused' : 'playing',
		waiting: null,
		serverTimeMs: state.anchorMs,
		...extra,
	};
}
