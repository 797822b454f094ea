import type { DanmakuDensity } from '../danmaku/lanes.js';
import {
	BILI_DANMAKU_KEY,
	DANMAKU_DENSITY_KEY,
	DANMAKU_KEY,
	DANMAKU_OPACITY_KEY,
	GENTLE_KEY,
	readRemembered,
	remember,
} from './remembered.js';

export const DANMAKU_DENSITIES: readonly DanmakuDensity[] = ['low', 'normal', 'high'];
export const OPACITY_MIN = 0.2;
export const DEFAULT_OPACITY = 0.9;

function readDensity(): DanmakuDensity {
	const stored = readRemembered(DANMAKU_DENSITY_KEY);
	return DANMAKU_DENSITIES.find((d) => d === stored) ?? 'normal';
}

function clampOpacity(value: number): number {
	if (!Number.isFinite(value)) return DEFAULT_OPACITY;
	return Math.min(1, Math.max(OPACITY_MIN, value));
}

function readOpacity(): number {
	const stored = readRemembered(DANMAKU_OPACITY_KEY);
	return stored === null ? DEFAULT_OPACITY : clampOpacity(Number(stored));
}

/** Per-browser preferences, remembered in localStorage. */
export class Preferences {
	#gentle = $state(readRemembered(GENTLE_KEY) !== '0');
	#danmaku = $state(readRemembered(DANMAKU_KEY) === '1');
	#biliDanmaku = $state(readRemembered(BILI_DANMAKU_KEY) !== '0');
	#density = $state<DanmakuDensity>(readDensity());
	#opacity = $state(readOpacity());

	/** Gentle correction: nudge the playback rate for small drifts (off: only hard seeks). */
	get gentle(): boolean {
		return this.#gentle;
	}

	set gentle(value: boolean) {
		this.#gentle = value;
		remember(GENTLE_KEY, value ? '1' : '0');
	}

	/** Chat flies across the video (danmaku). */
	get danmaku(): boolean {
		return this.#danmaku;
	}

	set danmaku(value: boolean) {
		this.#danmaku = value;
		remember(DANMAKU_KEY, value ? '1' : '0');
	}

	/** With danmaku on, a Bilibili video's own danmaku fly too (where we play it ourselves). */
	get biliDanmaku(): boolean {
		return this.#biliDanmaku;
	}

	set biliDanmaku(value: boolean) {
		this.#biliDanmaku = value;
		remember(BILI_DANMAKU_KEY, value ? '1' : '0');
	}

	get danmakuDensity(): DanmakuDensity {
		return this.#density;
	}

	set danmakuDensity(value: DanmakuDensity) {
		this.#density = value;
		remember(DANMAKU_DENSITY_KEY, value);
	}

	/** Danmaku opacity, 0.2–1. */
	get danmakuOpacity(): number {
		return this.#opacity;
	}

	set danmakuOpacity(value: number) {
		this.#opacity = clampOpacity(value);
		remember(DANMAKU_OPACITY_KEY, String(this.#opacity));
	}
}

export const preferences = new Preferences();
