import type { LegacyState } from '@videotogether/shared';
import {
	buildEmbedSrc,
	embedBaseUrl,
	isSeek,
	mediaKey,
	needsReload,
	type EmbedLoad,
} from '../playback/embed.js';

/**
 * The Bilibili embed's src, kept in loose sync with the room: it changes (and the iframe reloads)
 * only when `needsReload` says so, never on every state.
 */
export class EmbedState {
	#load = $state.raw<EmbedLoad | null>(null);
	#loads = $state(0);
	#previous: LegacyState | null = null;

	/** The iframe src, or null when nothing is loaded. */
	get src(): string | null {
		return this.#load?.src ?? null;
	}

	/** Grows on every (re)load; use it as a `{#key}` so an identical src still reloads. */
	get loads(): number {
		return this.#loads;
	}

	/** Feed every accepted room state with the room's position and the server time now. */
	update(state: LegacyState, positionMs: number, serverNowMs: number): void {
		const previous = this.#previous;
		this.#previous = state;
		const base = embedBaseUrl(state);
		const key = mediaKey(state);
		if (base === null || key === null) {
			this.#load = null;
			return;
		}
		const playing = state.status === 'playing';
		const seeked = previous !== null && mediaKey(previous) === key && isSeek(previous, state);
		if (!needsReload(this.#load, { key, playing, positionMs, serverNowMs, seeked })) return;
		// The embed only takes whole seconds, so it starts at the floor of our estimate.
		const startMs = Math.floor(positionMs / 1000) * 1000;
		this.#load = {
			key,
			src: buildEmbedSrc(base, startMs, playing),
			startMs,
			loadedAtServerMs: serverNowMs,
			playing,
			rate: state.rate,
			durationMs: state.media?.durationMs,
		};
		this.#loads += 1;
	}

	reset(): void {
		this.#load = null;
		this.#previous = null;
	}
}
