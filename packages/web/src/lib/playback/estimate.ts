import { expectedPositionMs, type LegacyState } from '@videotogether/shared';

/** The parts of a `state` message that define the room's timeline. */
export type TimelineState = Pick<
	LegacyState,
	'status' | 'position_ms' | 'reported_at' | 'rate' | 'media'
>;

/**
 * Where the room's media is at local time `localNowMs`, given the estimated server clock offset
 * (`serverTime − localTime`). Same semantics as the server: `expectedPositionMs` from shared.
 */
export function estimatePositionMs(
	state: TimelineState,
	localNowMs: number,
	clockOffsetMs: number,
): number {
	return expectedPositionMs(
		{
			paused: state.status !== 'playing',
			positionMs: state.position_ms,
			anchorMs: state.reported_at,
			rate: state.rate,
			media: state.media,
		},
		localNowMs + clockOffsetMs,
	);
}

/** How many recent offset samples we keep. */
export const OFFSET_SAMPLES = 8;

/**
 * Server clock offset from one-way samples `server_time − localReceivedAt`. Every sample
 * underestimates the true offset by the message's travel time, so the largest recent sample is the
 * best guess. (A real NTP-style clock replaces this later.)
 */
export class ClockOffsetEstimator {
	#samples: number[] = [];

	add(serverTimeMs: number, localReceivedAtMs: number): number {
		this.#samples.push(serverTimeMs - localReceivedAtMs);
		if (this.#samples.length > OFFSET_SAMPLES) this.#samples.shift();
		return this.offsetMs;
	}

	get offsetMs(): number {
		return this.#samples.length === 0 ? 0 : Math.max(...this.#samples);
	}
}

/** True when `state` is not older than the last state seen for its room (by `seq`). */
export function isFreshState(
	lastSeqByRoom: ReadonlyMap<string, number>,
	state: Pick<LegacyState, 'room' | 'seq'>,
): boolean {
	const last = lastSeqByRoom.get(state.room);
	return last === undefined || state.seq >= last;
}

/** Remembers the last `seq` per room and turns away older states. */
export class StateOrder {
	#lastSeq = new Map<string, number>();

	/** True (and remembered) when `state` is not older than the last one of its room. */
	accept(state: Pick<LegacyState, 'room' | 'seq'>): boolean {
		if (!isFreshState(this.#lastSeq, state)) return false;
		this.#lastSeq.set(state.room, state.seq);
		return true;
	}

	/** Forget everything (after a reconnect the server may have restarted with lower seqs). */
	reset(): void {
		this.#lastSeq.clear();
	}
}
