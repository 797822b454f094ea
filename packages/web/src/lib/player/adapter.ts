import type {
	CodecFamily,
	DriftKind,
	Media,
	PlaybackMode,
	PlayerStatus,
} from '@videotogether/shared';
import { browserCodecFamilies, choosePlayer } from './select.js';

/**
 * What the sync controller needs from a player: load, play, pause, seek, rate, and a position it
 * can trust to a stated precision. Adapters only *report* (status, frames, end); they never emit
 * commands, so nothing the controller does to a player can echo back to the room.
 */
export interface PlayerAdapter {
	/** How its position is known: decoded frames, `currentTime`, or an estimate (embed). */
	readonly precision: DriftKind;
	/** Can `setRate` nudge playback smoothly (gentle correction)? */
	readonly supportsRate: boolean;
	/** What the player says about itself now (loading, ready, buffering, error, autoplay-blocked). */
	readonly status: PlayerStatus;
	/** Is the player paused (by us, by the browser, or not started)? */
	readonly paused: boolean;
	/** A seek is in flight. */
	readonly seeking: boolean;
	readonly muted: boolean;
	readonly volume: number;
	/** Duration the player knows, ms (null: unknown yet or live). */
	readonly durationMs: number | null;

	/**
	 * Opens `media` positioned at `startMs`; resolves once the position can be read (metadata) and
	 * rejects when the media cannot be opened. `autoplay` is only a hint for players that can start
	 * only by (re)loading (the embed).
	 */
	load(media: Media, options: { startMs: number; autoplay?: boolean }): Promise<void>;
	/** `'blocked'`: the browser refused to start without a user gesture. */
	play(): Promise<'ok' | 'blocked'>;
	pause(): void;
	seek(positionMs: number): void;
	setRate(rate: number): void;
	setMuted(muted: boolean): void;
	setVolume(volume: number): void;
	/**
	 * The player's position now, ms: its media clock, read now (continuous while playing, not the
	 * media time of the frame on screen, which steps by a frame).
	 */
	currentMs(): number;

	onStatus(callback: (status: PlayerStatus) => void): () => void;
	/**
	 * Each presented frame: its media time and when it is (to be) shown, in `performance.now()` time.
	 * (The controller samples `currentMs()` on each; the frame's own media time is coarser.)
	 */
	onFrame?(callback: (mediaTimeMs: number, performanceNowMs: number) => void): () => void;
	onEnded(callback: () => void): () => void;
	/** A seek finished (the position is at the target). */
	onSeeked?(callback: () => void): () => void;
	destroy(): void;
}

/** A tiny typed listener set. */
export class Listeners<T extends unknown[]> {
	#set = new Set<(...args: T) => void>();

	add(callback: (...args: T) => void): () => void {
		this.#set.add(callback);
		return () => this.#set.delete(callback);
	}

	emit(...args: T): void {
		for (const callback of this.#set) callback(...args);
	}

	clear(): void {
		this.#set.clear();
	}
}

/**
 * Which player shows a media item: our own `<video>` (direct media; Bilibili `native` as DASH or
 * `mp4`), or Bilibili's embed (`embed`, or not resolved yet: loose sync). The ladder and this
 * browser's own step-downs are `choosePlayer` (./select.ts); `failed`: modes that failed here.
 */
export function playerKindFor(
	media: Media | null,
	families: readonly CodecFamily[] = browserCodecFamilies(),
	failed: readonly PlaybackMode[] = [],
): 'video' | 'embed' | null {
	return choosePlayer(media, { families, failed })?.kind ?? null;
}
