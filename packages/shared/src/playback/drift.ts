/**
 * The drift decision: given how far a player is from the room's timeline, what to do.
 *
 *   |drift| ≤ dead zone (25 ms)     → nothing (play at the room's rate)
 *   dead zone < |drift| ≤ 2 s       → nudge playbackRate proportionally, bounded ±8 %, so the gap
 *                                     closes over about `correctionWindowMs` without a visible jump
 *   |drift| > 2 s, or paused        → hard seek
 *
 * Positive drift = the player is ahead of the room. With gentle correction off (a per-user
 * choice, or players whose rate changes misbehave) the middle band is left alone until the seek
 * threshold — but a paused player is always placed exactly.
 */

export interface DriftThresholds {
	/** Drift tolerated without any correction, ms. */
	deadZoneMs: number;
	/** Beyond this the player seeks, ms. */
	seekThresholdMs: number;
	/** Largest relative rate change, e.g. 0.08 for ±8 %. */
	maxRateDelta: number;
	/** Aim to close the gap over roughly this long, ms. */
	correctionWindowMs: number;
	/** A paused player further off than this is re-positioned, ms. */
	pausedToleranceMs: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = {
	deadZoneMs: 25,
	seekThresholdMs: 2000,
	maxRateDelta: 0.08,
	correctionWindowMs: 1000,
	pausedToleranceMs: 10,
};

export type Correction =
	| { kind: 'none'; rate: number }
	| { kind: 'rate'; rate: number }
	| { kind: 'seek'; positionMs: number; rate: number };

export interface DriftInput {
	/** Player position minus expected position, ms. */
	driftMs: number;
	/** Where the room's timeline is now, ms (the seek target). */
	expectedMs: number;
	/** The room's playback rate. */
	roomRate: number;
	/** Is the room paused? */
	paused: boolean;
	/** Rate nudging allowed? (false: "gentle correction off" or a player without reliable rates) */
	gentle: boolean;
}

export function decideCorrection(
	input: DriftInput,
	thresholds: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS,
): Correction {
	const { driftMs, expectedMs, roomRate, paused, gentle } = input;
	const magnitude = Math.abs(driftMs);
	if (paused) {
		return magnitude > thresholds.pausedToleranceMs
			? { kind: 'seek', positionMs: expectedMs, rate: roomRate }
			: { kind: 'none', rate: roomRate };
	}
	if (magnitude > thresholds.seekThresholdMs)
		return { kind: 'seek', positionMs: expectedMs, rate: roomRate };
	if (magnitude <= thresholds.deadZoneMs || !gentle) return { kind: 'none', rate: roomRate };
	// Close the gap over the window: a player 100 ms ahead at 1× plays at 0.9× for a second
	// (bounded to ±maxRateDelta), then re-evaluates.
	const delta = Math.min(thresholds.maxRateDelta, magnitude / thresholds.correctionWindowMs);
	const factor = driftMs > 0 ? 1 - delta : 1 + delta;
	return { kind: 'rate', rate: roomRate * factor };
}
