/**
 * Keeps one player on the room's timeline.
 *
 * In: the room's `playback:state`s (the previous one holds until the new one's anchor), a clock on
 * the server's time scale and a player. Out: calls on the player and reports (`player:status`,
 * `player:drift`). It can never emit a playback command — applying remote state cannot echo back.
 *
 * - New media is loaded at the live position (where the room will be once it is open).
 * - Starting a paused player on a running timeline is *cued*: pause, seek a little ahead, and call
 *   `play()` on the instant the room reaches that position (minus the player's learned start
 *   latency). Joiners, resyncs, hard corrections and scheduled starts all go this way.
 * - Scheduled transitions (anchor in the future) are prepared — a play or a jump is pre-seeked —
 *   and switched on the local instant the server clock reaches the anchor.
 * - A correction loop reads the player's continuous media clock (`currentMs()` against the room's
 *   position at the same instant) on every presented frame or every 100 ms — not the presented
 *   frame's media time, which moves in steps of a frame shown on display refreshes — smooths it
 *   (trimmed mean) and applies `decideCorrection` with hysteresis: a nudge starts after a few
 *   samples in a row beyond the dead zone (25 ms, wider when the clock estimate is noisier) and
 *   stops inside the settle band; the rate is written a few times a second at most. Beyond 2 s,
 *   or > 80 ms on the first settled look after a start, a cued seek.
 * - Starts always begin from a fresh seek (a paused player is *parked*: placed exactly by a seek),
 *   because a browser resumes a plain pause from where its pipeline stopped (in Chromium ~70 ms
 *   past the reported position) but a seeked one after a start latency: only the latter is the
 *   same every time, so only it can be learned and anticipated.
 * - A scheduled rate change is applied ahead of its anchor by the learned rate latency (the media
 *   clock follows `playbackRate` only after buffered audio has played out).
 */
import {
	DEFAULT_DRIFT_THRESHOLDS,
	decideCorrection,
	expectedPositionMs,
	type DriftKind,
	type DriftReport,
	type DriftThresholds,
	type PlaybackState,
	type PlayerStatus,
	type PlayerStatusReport,
	type RoomPlayback,
} from '@videotogether/shared';
import type { PlayerAdapter } from '../player/adapter.js';
import { globalTimers, type Timers } from './clock.svelte.js';
import { BoundedAverage, DriftWindow, median, PreciseTimer, RobustLatency } from './smoothing.js';
import { Timeline } from './timeline.js';

export interface SyncClock {
	/** Local time, ms (the scale `toLocal` answers in). */
	now(): number;
	serverNow(localMs?: number): number;
	toLocal(serverMs: number): number;
	readonly rttMs: number | null;
	/** The offset is right to within this, ms (null: unknown). */
	readonly errorBoundMs?: number | null;
	/** How far the offset estimate may still move: drift this small is not worth chasing, ms. */
	readonly uncertaintyMs?: number;
}

/** Where reports go (the socket). Deliberately nothing that could send a command. */
export interface SyncReporter {
	status(report: PlayerStatusReport): void;
	drift(report: DriftReport): void;
}

export type Correcting = 'none' | 'rate' | 'seek';

/** What the UI shows about this player's sync. */
export interface SyncSnapshot {
	attached: boolean;
	status: PlayerStatus | null;
	precision: DriftKind | null;
	/** Smoothed drift (player − room), ms, rounded; null before a measurement. */
	driftMs: number | null;
	correcting: Correcting;
	/** The browser refused to start playback: a click must call `joinWithGesture`. */
	needsGesture: boolean;
	/** Playing muted because unmuted playback was refused even after the click. */
	mutedFallback: boolean;
	muted: boolean;
	volume: number;
	/** The player's own duration (direct media whose length the room does not know). */
	durationMs: number | null;
}

export const IDLE_SNAPSHOT: SyncSnapshot = {
	attached: false,
	status: null,
	precision: null,
	driftMs: null,
	correcting: 'none',
	needsGesture: false,
	mutedFallback: false,
	muted: false,
	volume: 1,
	durationMs: null,
};

export interface SyncOptions {
	thresholds: DriftThresholds;
	/** For players whose position is an estimate (the embed: seeking means reloading). */
	estimatedThresholds: DriftThresholds;
	/** Once nudging, keep nudging until this close (hysteresis below the dead zone), ms. */
	settleMs: number;
	/** Samples in a row beyond the dead zone before a nudge starts. */
	confirmSamples: number;
	/** Nudges write `playbackRate` at most once per this long, ms (stopping is never held back). */
	minRateIntervalMs: number;
	/** A nudge changing the rate by less than this (relative) is not written. */
	minRateStep: number;
	/** The first settled look after a start this far off gets one more cued start, ms. */
	reseekMs: number;
	/**
	 * The first settled look after a start or a rate switch nudges even inside the dead zone when
	 * this far off, ms: a landing error is cheap to remove then and would otherwise stay.
	 */
	trimMs: number;
	/** Frames a started player presents (playing steadily) before its drift is corrected. */
	steadyFrames: number;
	/** The dead zone widens to the clock estimate's uncertainty, up to this, ms. */
	maxDeadZoneMs: number;
	/** A player paused behind our back is restarted once this long after our last `play()`, ms. */
	seekCooldownMs: number;
	estimatedSeekCooldownMs: number;
	/** Fallback sampling period when no frames arrive (paused, no rVFC, hidden tab), ms. */
	sampleIntervalMs: number;
	reportIntervalMs: number;
	/** First guess of how long a load takes, ms (a joiner starts this far ahead). */
	expectedLoadMs: number;
	/** First guess of how long a seek takes, ms (learned from each seek). */
	initialSeekLatencyMs: number;
	/** First guess of how long `play()` takes to get the media moving, ms (learned). */
	initialStartLeadMs: number;
	/** First guess of how long a new `playbackRate` takes to act on the media clock, ms (learned). */
	initialRateLeadMs: number;
	/** A cued start seeks at least this far ahead of the room, ms. */
	cueMarginMs: number;
	/** A cue whose moment passed by more than this (slow seek) is cued again, ms. */
	cueLateMs: number;
	/** Buffering shorter than this is not reported (a seek's brief `waiting`), ms. */
	bufferingReportDelayMs: number;
	/** Wake this long before a scheduled instant, then finish with short timeouts, ms. */
	wakeEarlyMs: number;
	/** A scheduled jump larger than this is prepared: pause, pre-seek, start at the anchor, ms. */
	prepareJumpMs: number;
	/** Drift samples kept for smoothing. */
	windowSamples: number;
	/** Samples needed after a reset before correcting. */
	minSamples: number;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
	// Close a gap over ~0.6 s rather than 1 s: samples come with every frame (33 ms), the smoothing
	// lags ~70 ms and a new rate acts ~100 ms late, so the faster loop stays stable. A paused
	// player is placed exactly (it is parked by a seek anyway).
	thresholds: { ...DEFAULT_DRIFT_THRESHOLDS, correctionWindowMs: 600, pausedToleranceMs: 5 },
	estimatedThresholds: {
		deadZoneMs: 1500,
		seekThresholdMs: 3000,
		maxRateDelta: 0,
		correctionWindowMs: 1000,
		pausedToleranceMs: 1500,
	},
	// The continuous media clock reads to well under a millisecond: 5 ms is far above its noise.
	settleMs: 5,
	confirmSamples: 3,
	minRateIntervalMs: 250,
	minRateStep: 0.003,
	reseekMs: 80,
	// A start lands within ±10 ms or so (Chromium's start latency varies 64–96 ms): trim it.
	trimMs: 6,
	steadyFrames: 4,
	maxDeadZoneMs: 150,
	seekCooldownMs: 1000,
	estimatedSeekCooldownMs: 5000,
	sampleIntervalMs: 100,
	reportIntervalMs: 1000,
	expectedLoadMs: 1000,
	initialSeekLatencyMs: 80,
	// Chromium: 64–96 ms from play() after a seek until the media clock runs (median ~73).
	initialStartLeadMs: 70,
	// Chromium: ~80–110 ms until the media clock follows a new playbackRate.
	initialRateLeadMs: 90,
	cueMarginMs: 150,
	cueLateMs: 20,
	bufferingReportDelayMs: 1000,
	wakeEarlyMs: 20,
	prepareJumpMs: 100,
	windowSamples: 5,
	minSamples: 3,
};

export interface SyncControllerDeps {
	clock: SyncClock;
	reporter: SyncReporter;
	/** The user's "gentle correction" setting (rate nudges allowed). */
	gentle?: () => boolean;
	timers?: Timers;
	options?: Partial<SyncOptions>;
}

/** A start waiting to happen: the player sits (or is seeking to) `targetMs`, paused. */
interface Cue {
	key: string;
	state: PlaybackState;
	targetMs: number;
	/** How often it was cued again because the seek took too long. */
	attempts: number;
	/** A corrective second start (no further re-seek after it). */
	reseek: boolean;
}

/** Learning the start latency: drift samples taken shortly after a cued `play()`. */
interface StartProbe {
	fromMs: number;
	untilMs: number;
	samples: number[];
}

/** Learning the rate latency: drift before a scheduled rate switch against the drift after it. */
interface RateProbe {
	/** The state switching the rate. */
	seq: number;
	fromRate: number;
	toRate: number;
	/** How early the rate was set, ms. */
	leadMs: number;
	/** Smoothed drift just before (null: unknown, or mid-nudge: nothing to learn). */
	beforeMs: number | null;
	fromMs: number;
	untilMs: number;
	samples: number[];
}

const stateKey = (state: PlaybackState) => `${state.seq}:${state.paused ? 'p' : 'r'}`;

const RATE_EPSILON = 0.0005;
/** A seek not confirmed within this long is assumed over (its `seeked` got lost), ms. */
const SEEK_GIVE_UP_MS = 5000;
/**
 * After a cued start, drift samples in this window (ms after `play()`) measure its lateness; until
 * its end the drift is not corrected (the media clock stalls, then jumps, while a start settles).
 */
const START_PROBE_FROM_MS = 200;
/** …and at least this long after the room reached the start position (a start ahead of it). */
const START_PROBE_SETTLED_MS = 130;
const START_PROBE_SPAN_MS = 200;
/** After a scheduled rate switch, samples in this window (ms after the anchor) measure it. */
const RATE_PROBE_FROM_MS = 250;
const RATE_PROBE_UNTIL_MS = 450;
/** A cue waits at most this long after its seek for data at the new position, ms. */
const READY_WAIT_MS = 1500;
/** Without frames (hidden tab, no rVFC) a started player counts as steady after this long, ms. */
const STEADY_FALLBACK_MS = 300;
/** After a stall a player far behind restarts precisely, at most this often, ms. */
const STALL_RESTART_EVERY_MS = 10_000;
/** Seeks to the same paused position before accepting what the player reads back. */
const MAX_PARK_SEEKS = 2;
/** Re-cue at most this often in a row before simply starting late. */
const MAX_CUE_ATTEMPTS = 2;

export class SyncController {
	readonly #clock: SyncClock;
	readonly #reporter: SyncReporter;
	readonly #gentle: () => boolean;
	readonly #timers: Timers;
	readonly #options: SyncOptions;
	readonly #timeline = new Timeline();
	readonly #window: DriftWindow;
	readonly #seekLatency: BoundedAverage;
	readonly #loadLatency: BoundedAverage;
	readonly #startLead: RobustLatency;
	readonly #rateLead: RobustLatency;
	readonly #transition: PreciseTimer;
	readonly #cueTimer: PreciseTimer;
	readonly #rateTimer: PreciseTimer;
	#listeners = new Set<(snapshot: SyncSnapshot) => void>();

	#adapter: PlayerAdapter | null = null;
	#unsubscribe: (() => void)[] = [];
	#loadedMediaId: string | null = null;
	#loading = false;
	#loadToken = 0;
	#activeKey: string | null = null;
	#preparedSeq: number | null = null;
	#transitionAnchor: number | null = null;
	#cue: Cue | null = null;
	#startProbe: StartProbe | null = null;
	#rateProbe: RateProbe | null = null;
	#sampleTimer: unknown = null;
	#reportTimer: unknown = null;
	#bufferTimer: unknown = null;

	#playerStatus: PlayerStatus | null = null;
	#reported: string | null = null;
	/** The media whose duration the room has been told (it auto-advances the queue at the end). */
	#durationReportedFor: string | null = null;
	#drift: number | null = null;
	#correcting: Correcting = 'none';
	#rate = 1;
	#cooldownUntil = 0;
	#seekStartedAt: number | null = null;
	/** A seek whose latency (until data is there) is still to be learned: when it was issued. */
	#seekIssuedAt: number | null = null;
	#lastSeekMs = 0;
	/** When the player was last placed (a seek landed, a load opened). */
	#placedAt = Number.NEGATIVE_INFINITY;
	/**
	 * The position a paused player was placed at by a seek or a load and not played since: starting
	 * it takes the learned start latency. Null: not parked (a plain pause resumes seamlessly, from
	 * wherever the browser's pipeline stopped).
	 */
	#parkedAt: number | null = null;
	#parkSeeks = 0;
	/** Samples in a row beyond the dead zone (hysteresis before a nudge). */
	#outOfBand = 0;
	#rateWrittenAt = Number.NEGATIVE_INFINITY;
	/** Frames presented since the last `play()`. */
	#framesSinceStart = 0;
	/** One more cued start allowed if the first settled look after a start is far off. */
	#reseekLeft = 0;
	/** The next settled look follows a start or a rate switch (see `trimMs`). */
	#trimPending = false;
	#stallRestartAt = Number.NEGATIVE_INFINITY;
	#lastFrameAt = Number.NEGATIVE_INFINITY;
	#playRequestedAt = Number.NEGATIVE_INFINITY;
	#needsGesture = false;
	#mutedFallback = false;
	#snapshot: SyncSnapshot = IDLE_SNAPSHOT;
	/** The next state starts a fresh timeline (after a reconnect the server's seq may restart). */
	#freshTimeline = false;
	#lastDriftNotify = Number.NEGATIVE_INFINITY;

	constructor(deps: SyncControllerDeps) {
		this.#clock = deps.clock;
		this.#reporter = deps.reporter;
		this.#gentle = deps.gentle ?? (() => true);
		this.#timers = deps.timers ?? globalTimers;
		this.#options = { ...DEFAULT_SYNC_OPTIONS, ...deps.options };
		this.#window = new DriftWindow(this.#options.windowSamples, 1);
		this.#seekLatency = new BoundedAverage(this.#options.initialSeekLatencyMs, { max: 2000 });
		this.#loadLatency = new BoundedAverage(this.#options.expectedLoadMs, { max: 10_000 });
		this.#startLead = new RobustLatency(this.#options.initialStartLeadMs, { max: 500 });
		this.#rateLead = new RobustLatency(this.#options.initialRateLeadMs, { max: 300 });
		const now = () => this.#clock.now();
		this.#transition = new PreciseTimer(this.#timers, now, this.#options.wakeEarlyMs);
		this.#cueTimer = new PreciseTimer(this.#timers, now, this.#options.wakeEarlyMs);
		this.#rateTimer = new PreciseTimer(this.#timers, now, this.#options.wakeEarlyMs);
	}

	// ---- inputs -------------------------------------------------------------------------------

	/** The room's latest state (ordering by `seq` is the caller's job; older seqs are ignored). */
	setState(room: RoomPlayback): void {
		if (this.#freshTimeline) {
			// Same media: the player stays loaded; only the ordering starts over.
			this.#timeline.clear();
			this.#freshTimeline = false;
		}
		this.#timeline.push(room.playback);
		this.#update();
		this.#notify();
	}

	/** The next state replaces the timeline whatever its `seq` (call on reconnect). */
	expectFreshTimeline(): void {
		this.#freshTimeline = true;
	}

	/** Forget the room (logout, leaving). */
	clearState(): void {
		this.#timeline.clear();
		this.#update();
		this.#notify();
	}

	attach(adapter: PlayerAdapter): void {
		if (this.#adapter === adapter) return;
		this.detach();
		this.#adapter = adapter;
		this.#loadedMediaId = null;
		this.#activeKey = null;
		this.#needsGesture = false;
		this.#mutedFallback = false;
		this.#playerStatus = null;
		this.#rate = 1;
		this.#parkedAt = null;
		this.#unsubscribe = [
			adapter.onStatus((status) => this.#onStatus(status)),
			adapter.onEnded(() => this.#notify()),
		];
		if (adapter.onFrame) {
			this.#unsubscribe.push(adapter.onFrame(() => this.#onFrame()));
		}
		if (adapter.onSeeked) this.#unsubscribe.push(adapter.onSeeked(() => this.#onSeeked()));
		this.#startLoops();
		this.#update();
		this.#notify();
	}

	/** Stop driving `adapter` (or whichever is attached). The owner destroys it. */
	detach(adapter?: PlayerAdapter): void {
		if (this.#adapter === null || (adapter !== undefined && adapter !== this.#adapter)) return;
		for (const off of this.#unsubscribe) off();
		this.#unsubscribe = [];
		this.#stopLoops();
		this.#clearTransition();
		this.#cancelCue();
		this.#clearBufferTimer();
		this.#adapter = null;
		this.#loadedMediaId = null;
		this.#loading = false;
		this.#loadToken += 1;
		this.#activeKey = null;
		this.#preparedSeq = null;
		this.#playerStatus = null;
		this.#reported = null;
		this.#drift = null;
		this.#window.clear();
		this.#startProbe = null;
		this.#rateProbe = null;
		this.#parkedAt = null;
		this.#seekStartedAt = null;
		this.#seekIssuedAt = null;
		this.#notify();
	}

	/**
	 * Re-place the player from scratch: after a reconnect, on return to the tab, or when the user
	 * asks. Forgets the drift history and re-cues unless already within the dead zone.
	 */
	resync(): void {
		this.#window.clear();
		this.#drift = null;
		this.#cooldownUntil = 0;
		this.#outOfBand = 0;
		this.#reseekLeft = 0;
		this.#trimPending = false;
		this.#activeKey = null;
		this.#preparedSeq = null;
		this.#reported = null;
		this.#reportStatus();
		this.#update(true);
		this.#notify();
	}

	/**
	 * Called from a click: start playback with the gesture (unmuted unless `muted`), falling back to
	 * muted playback when the browser still refuses.
	 */
	async joinWithGesture(muted = false): Promise<void> {
		const adapter = this.#adapter;
		if (adapter === null) return;
		adapter.setMuted(muted);
		// play() runs synchronously inside the click handler, before the first await.
		let result = await adapter.play();
		if (result === 'blocked' && !muted) {
			adapter.setMuted(true);
			result = await adapter.play();
			this.#mutedFallback = result === 'ok';
		} else {
			this.#mutedFallback = false;
		}
		if (result === 'ok' && adapter === this.#adapter) {
			this.#needsGesture = false;
			if (this.#playerStatus === 'autoplay-blocked') this.#playerStatus = 'ready';
			// Playback is allowed now; start again properly on the room's timeline.
			this.#pause();
			this.#activeKey = null;
			this.#update();
		}
		this.#reportStatus();
		this.#notify();
	}

	/**
	 * The room shows a different status for us than we last reported (it resets everyone to
	 * `loading` when media is loaded again, even the same media): say it again.
	 */
	refreshStatus(roomSays: PlayerStatus): void {
		const status = this.#roomStatus();
		if (status === null || status === roomSays || this.#bufferTimer !== null) return;
		this.#reported = null;
		this.#reportStatus();
	}

	setMuted(muted: boolean): void {
		this.#adapter?.setMuted(muted);
		if (!muted) this.#mutedFallback = false;
		this.#notify();
	}

	setVolume(volume: number): void {
		this.#adapter?.setVolume(volume);
		if (volume > 0 && this.#adapter?.muted) this.setMuted(false);
		this.#notify();
	}

	/** Load the current media again (after an error). */
	reload(): void {
		this.#loadedMediaId = null;
		this.#update();
		this.#notify();
	}

	// ---- outputs ------------------------------------------------------------------------------

	get snapshot(): SyncSnapshot {
		return this.#snapshot;
	}

	onChange(listener: (snapshot: SyncSnapshot) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** The room's position at `serverNowMs` (null: nothing loaded). */
	expectedMs(serverNowMs: number = this.#clock.serverNow()): number | null {
		const state = this.#applied(serverNowMs);
		if (state === null || state.media === null) return null;
		return expectedPositionMs(state, serverNowMs);
	}

	/** The state in force now (the previous one until a scheduled anchor passes). */
	effectiveState(serverNowMs: number = this.#clock.serverNow()): PlaybackState | null {
		return this.#applied(serverNowMs);
	}

	/** The player's position now (null: no player or nothing loaded). */
	mediaMs(): number | null {
		if (this.#adapter === null || this.#loadedMediaId === null || this.#loading) return null;
		return this.#adapter.currentMs();
	}

	/**
	 * The smoothed drift and how it is being corrected, with the clock sync's best round trip and
	 * error bound (the room's timeline is only known to within that), ms.
	 */
	driftInfo(): {
		driftMs: number;
		kind: DriftKind;
		correcting: Correcting;
		rttMs: number | null;
		clockErrorMs: number | null;
	} | null {
		if (this.#drift === null || this.#adapter === null) return null;
		return {
			driftMs: this.#drift,
			kind: this.#adapter.precision,
			correcting: this.#correcting,
			rttMs: this.#clock.rttMs,
			clockErrorMs: this.#clock.errorBoundMs ?? null,
		};
	}

	/** What has been learned about the player (for diagnostics). */
	get latencies(): { seekMs: number; startLeadMs: number; loadMs: number; rateLeadMs: number } {
		return {
			seekMs: this.#seekLatency.value,
			startLeadMs: this.#startLead.value,
			loadMs: this.#loadLatency.value,
			rateLeadMs: this.#rateLead.value,
		};
	}

	destroy(): void {
		this.detach();
		this.#listeners.clear();
	}

	// ---- the state machine --------------------------------------------------------------------

	/** The state to apply at `serverNowMs`; a playing state before its anchor holds, paused. */
	#applied(serverNowMs: number): PlaybackState | null {
		const effective = this.#timeline.effective(serverNowMs);
		if (effective === null) return null;
		if (!effective.paused && effective.anchorMs > serverNowMs)
			return { ...effective, paused: true };
		return effective;
	}

	#pending(serverNowMs: number): PlaybackState | null {
		const pending = this.#timeline.pending(serverNowMs);
		if (pending !== null) return pending;
		const effective = this.#timeline.effective(serverNowMs);
		return effective !== null && !effective.paused && effective.anchorMs > serverNowMs
			? effective
			: null;
	}

	#update(force = false): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		const serverNow = this.#clock.serverNow();
		const applied = this.#applied(serverNow);
		const media = applied?.media ?? null;
		if (applied === null || media === null) {
			this.#clearTransition();
			this.#cancelCue();
			if (this.#loadedMediaId !== null) {
				this.#pause();
				this.#loadedMediaId = null;
				this.#loadToken += 1;
				this.#loading = false;
				this.#playerStatus = null;
				this.#drift = null;
			}
			return;
		}
		if (media.id !== this.#loadedMediaId) {
			this.#load(applied, serverNow);
			return;
		}
		if (this.#loading) return;
		if (stateKey(applied) !== this.#activeKey || force) this.#activate(applied, force);
		const pending = this.#pending(serverNow);
		if (pending === null) {
			this.#clearTransition();
			return;
		}
		this.#prepare(applied, pending);
		this.#scheduleTransition(pending.anchorMs);
	}

	#load(state: PlaybackState, serverNow: number): void {
		const adapter = this.#adapter;
		const media = state.media;
		if (adapter === null || media === null) return;
		this.#clearTransition();
		this.#cancelCue();
		this.#loadedMediaId = media.id;
		this.#loading = true;
		this.#activeKey = null;
		this.#preparedSeq = null;
		this.#drift = null;
		this.#window.clear();
		this.#parkedAt = null;
		this.#seekStartedAt = null;
		this.#seekIssuedAt = null;
		this.#needsGesture = false;
		this.#playerStatus = 'loading';
		this.#reportStatus();
		const token = ++this.#loadToken;
		// A joiner aims where the room will be once the media is open.
		const startMs = expectedPositionMs(
			state,
			serverNow + (state.paused ? 0 : this.#loadLatency.value),
		);
		const startedAt = this.#clock.now();
		adapter.load(media, { startMs, autoplay: !state.paused }).then(
			() => {
				if (token !== this.#loadToken) return;
				this.#loadLatency.add(this.#clock.now() - startedAt);
				this.#loading = false;
				this.#activeKey = null;
				this.#rate = 1;
				// Freshly opened at `startMs` and never played: as good as a seek.
				this.#parkedAt = adapter.paused ? adapter.currentMs() : null;
				this.#parkSeeks = 0;
				this.#placedAt = this.#clock.now();
				this.#playerStatus = adapter.status === 'autoplay-blocked' ? 'ready' : adapter.status;
				this.#reportStatus();
				this.#update();
				this.#notify();
			},
			() => {
				if (token !== this.#loadToken) return;
				this.#loading = false;
				this.#playerStatus = 'error';
				this.#reportStatus();
				this.#notify();
			},
		);
	}

	/** Put the player into `state` now. `force`: also fix a drift inside the seek threshold. */
	#activate(state: PlaybackState, force: boolean): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		const key = stateKey(state);
		this.#activeKey = key;
		// A new timeline: what was measured against the previous one means nothing now.
		this.#window.clear();
		this.#drift = null;
		this.#outOfBand = 0;
		// (Set it again even if we believe it is set: a new media resets the element's rate. A
		// switch applied early for this very state is the exception.)
		if (this.#rateProbe?.seq === state.seq) this.#setRate(state.rate);
		else {
			this.#rateProbe = null;
			this.#setRate(state.rate, true);
		}
		// A start already cued for this very state (a prepared scheduled play) goes ahead.
		if (this.#cue?.key === key && !force) return;
		this.#cancelCue();
		this.#correcting = 'none';
		const thresholds = this.#thresholds();
		const precise = adapter.precision !== 'estimated';
		if (state.paused) {
			if (!adapter.paused) this.#pause();
			if (precise) this.#park(state.positionMs);
			else if (Math.abs(adapter.currentMs() - state.positionMs) > thresholds.pausedToleranceMs) {
				this.#seekTo(state.positionMs);
			}
			return;
		}
		const serverNow = this.#clock.serverNow();
		if (adapter.paused) {
			const here = adapter.currentMs();
			const startsAt = expectedPositionMs(state, serverNow + this.#startLead.value);
			if (!precise) {
				// Already where the room will be once it starts moving: just start.
				if (Math.abs(here - startsAt) <= thresholds.deadZoneMs) void this.#play(true);
				else this.#cueStart(state);
				return;
			}
			// Parked where the room is about to be (a joiner whose load was quick): start from there
			// when the room gets there rather than seeking again.
			const ahead = here - startsAt;
			if (this.#isParkedAt(here) && ahead >= -2 && ahead <= this.#cueMarginMs()) {
				this.#cue = { key, state, targetMs: here, attempts: 0, reseek: false };
				this.#correcting = 'seek';
				this.#armCue();
			} else {
				this.#cueStart(state);
			}
			return;
		}
		const off = Math.abs(adapter.currentMs() - expectedPositionMs(state, serverNow));
		if (off > (force ? thresholds.deadZoneMs : thresholds.seekThresholdMs)) this.#cueStart(state);
	}

	/** Prepare a scheduled transition so that it only has to start (or stop) at its anchor. */
	#prepare(current: PlaybackState, pending: PlaybackState): void {
		const adapter = this.#adapter;
		if (adapter === null || this.#preparedSeq === pending.seq) return;
		this.#preparedSeq = pending.seq;
		this.#cancelRateSwitch(current);
		// A scheduled pause: keep following the current timeline until the anchor.
		if (pending.paused) return;
		const atAnchor = expectedPositionMs(current, pending.anchorMs);
		const jump = Math.abs(pending.positionMs - atAnchor);
		if (!current.paused && jump <= this.#options.prepareJumpMs) {
			// A rate change: set the new rate early by the time it takes to act.
			if (pending.rate !== current.rate) this.#prepareRateSwitch(current, pending);
			return;
		}
		// The embed cannot pre-seek cheaply: it switches at the anchor.
		if (adapter.precision === 'estimated') return;
		// Hold paused at the new position (placed by a fresh seek, so the start latency is the
		// learned one), wait for its data, start at the anchor.
		this.#cancelCue();
		this.#window.clear();
		if (!adapter.paused) this.#pause();
		this.#park(pending.positionMs);
		this.#cue = {
			key: stateKey(pending),
			state: pending,
			targetMs: pending.positionMs,
			attempts: 0,
			reseek: false,
		};
		this.#armCue();
	}

	/** Switch the element's rate `rateLead` before the anchor, and measure how it landed. */
	#prepareRateSwitch(current: PlaybackState, pending: PlaybackState): void {
		const adapter = this.#adapter;
		if (adapter === null || !adapter.supportsRate || adapter.precision === 'estimated') return;
		const anchorLocal = this.#clock.toLocal(pending.anchorMs);
		const leadMs = this.#rateLead.value;
		this.#rateTimer.at(anchorLocal - leadMs, () => {
			if (this.#adapter !== adapter) return;
			const nudging = Math.abs(this.#rate - current.rate) >= RATE_EPSILON;
			const before = nudging ? null : this.#window.value;
			this.#setRate(pending.rate, true);
			this.#correcting = 'none';
			this.#window.clear();
			this.#outOfBand = 0;
			this.#rateProbe = {
				seq: pending.seq,
				fromRate: current.rate,
				toRate: pending.rate,
				leadMs,
				beforeMs: before,
				fromMs: anchorLocal + RATE_PROBE_FROM_MS,
				untilMs: anchorLocal + RATE_PROBE_UNTIL_MS,
				samples: [],
			};
		});
	}

	/** A rate switch prepared for a state that will not come (superseded): undo it. */
	#cancelRateSwitch(current: PlaybackState): void {
		this.#rateTimer.cancel();
		if (this.#rateProbe !== null && this.#rateProbe.seq !== current.seq) {
			this.#rateProbe = null;
			this.#setRate(current.rate, true);
		}
	}

	#scheduleTransition(anchorServerMs: number): void {
		if (this.#transitionAnchor === anchorServerMs && this.#transition.active) return;
		this.#transitionAnchor = anchorServerMs;
		this.#transition.at(this.#clock.toLocal(anchorServerMs), () => {
			this.#transitionAnchor = null;
			this.#update();
			this.#notify();
		});
	}

	#clearTransition(): void {
		this.#transition.cancel();
		this.#rateTimer.cancel();
		this.#transitionAnchor = null;
	}

	// ---- cued starts --------------------------------------------------------------------------

	/**
	 * Start a player on a running timeline precisely: pause, seek a little ahead of the room, and
	 * call `play()` when the room reaches that position (minus the learned start latency).
	 * `reseek`: a corrective second start, after which no further one is made.
	 */
	#cueStart(state: PlaybackState, attempts = 0, reseek = false): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		this.#cancelCue();
		this.#correcting = 'seek';
		if (adapter.precision === 'estimated') {
			// The embed seeks by reloading (with autoplay when playing): start, then aim ahead.
			if (adapter.paused) void this.#play();
			this.#seekTo(expectedPositionMs(state, this.#clock.serverNow() + this.#seekLatency.value));
			return;
		}
		const targetMs = expectedPositionMs(state, this.#clock.serverNow() + this.#cueMarginMs());
		if (!adapter.paused) this.#pause();
		this.#seekTo(targetMs);
		this.#cue = { key: stateKey(state), state, targetMs, attempts, reseek };
		if (!adapter.onSeeked) this.#armCue();
	}

	/**
	 * How far ahead of the room a cued start aims: time for the seek and its data (the slower of
	 * the learned latency and the last seek) with half again for luck, the start latency, and a
	 * margin. Aiming too far only costs waiting; too short costs another cue.
	 */
	#cueMarginMs(): number {
		const seekMs = Math.max(this.#seekLatency.value, this.#lastSeekMs);
		return Math.max(this.#options.cueMarginMs, 1.5 * seekMs + this.#startLead.value + 50);
	}

	/** Once the cue's seek has landed and its data is in: schedule the start. */
	#armCue(): void {
		const cue = this.#cue;
		const adapter = this.#adapter;
		if (cue === null || adapter === null || this.#cueTimer.active || adapter.seeking) return;
		const now = this.#clock.now();
		if (this.#waitingForData(now)) return;
		const { state } = cue;
		const reachesAt = state.anchorMs + Math.max(0, cue.targetMs - state.positionMs) / state.rate;
		const playAt = this.#clock.toLocal(reachesAt) - this.#startLead.value;
		if (now - playAt > this.#options.cueLateMs && cue.attempts < MAX_CUE_ATTEMPTS) {
			// The seek took longer than planned (its latency is learned by now): cue again, further
			// ahead, from where the room will be.
			this.#cueStart(state, cue.attempts + 1, cue.reseek);
			return;
		}
		this.#cueTimer.at(playAt, () => {
			if (this.#cue !== cue || this.#adapter !== adapter) return;
			// Not ready after all (its data is still coming): armed again once it is, or re-cued.
			if (adapter.seeking || this.#waitingForData(this.#clock.now())) return;
			// Something moved the player since it was placed: place it again.
			if (!this.#isParkedAt(cue.targetMs) && cue.attempts < MAX_CUE_ATTEMPTS) {
				this.#cueStart(state, cue.attempts + 1, cue.reseek);
				return;
			}
			this.#cue = null;
			this.#reseekLeft = cue.reseek ? 0 : 1;
			void this.#play(true, this.#clock.toLocal(reachesAt));
		});
	}

	#cancelCue(): void {
		this.#cue = null;
		this.#cueTimer.cancel();
	}

	/** A start without data at the position would stall: wait for it (not forever). */
	#waitingForData(now: number): boolean {
		return this.#adapter?.status === 'buffering' && now - this.#placedAt < READY_WAIT_MS;
	}

	// ---- parking ------------------------------------------------------------------------------

	/** Pause the player. Not parked: a plain pause resumes from wherever the pipeline stopped. */
	#pause(): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		adapter.pause();
		this.#parkedAt = null;
		this.#startProbe = null;
		if (this.#rateProbe !== null) this.#rateProbe = null;
	}

	/** Place a paused player exactly at `positionMs` with a fresh seek, unless it is there already. */
	#park(positionMs: number): void {
		if (this.#isParkedAt(positionMs)) return;
		this.#seekTo(positionMs);
	}

	/** Paused, placed by a seek (or load) at `positionMs`, not played since, and still there. */
	#isParkedAt(positionMs: number): boolean {
		const adapter = this.#adapter;
		return (
			adapter !== null &&
			adapter.paused &&
			this.#parkedAt !== null &&
			Math.abs(this.#parkedAt - positionMs) < 0.5 &&
			Math.abs(adapter.currentMs() - positionMs) < 0.5
		);
	}

	// ---- the correction loop ------------------------------------------------------------------

	#startLoops(): void {
		this.#stopLoops();
		const sample = () => {
			this.#sampleTimer = this.#timers.setTimeout(sample, this.#options.sampleIntervalMs);
			this.#onTick();
		};
		const report = () => {
			this.#reportTimer = this.#timers.setTimeout(report, this.#options.reportIntervalMs);
			this.#reportDrift();
		};
		this.#sampleTimer = this.#timers.setTimeout(sample, this.#options.sampleIntervalMs);
		this.#reportTimer = this.#timers.setTimeout(report, this.#options.reportIntervalMs);
	}

	#stopLoops(): void {
		if (this.#sampleTimer !== null) this.#timers.clearTimeout(this.#sampleTimer);
		if (this.#reportTimer !== null) this.#timers.clearTimeout(this.#reportTimer);
		this.#sampleTimer = null;
		this.#reportTimer = null;
	}

	#onFrame(): void {
		this.#lastFrameAt = this.#clock.now();
		const adapter = this.#adapter;
		// A paused player's frame (after a seek) says nothing about motion: the timer samples it.
		if (adapter === null || adapter.paused) return;
		this.#framesSinceStart += 1;
		// The frame is only the trigger: its media time moves in steps of a frame (33 ms at 30 fps,
		// shown on 16.7 ms refreshes). The media clock, read now against now, is continuous.
		this.#sample(adapter.currentMs(), this.#clock.now());
	}

	#onTick(): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		if (this.#cue !== null) this.#armCue();
		const now = this.#clock.now();
		// Frames pace the sampling while playing; the timer covers paused players and frame-less
		// moments.
		const framesFlowing = adapter.onFrame !== undefined && now - this.#lastFrameAt < 250;
		if (framesFlowing && !adapter.paused) return;
		this.#sample(adapter.currentMs(), now);
	}

	#sample(mediaMs: number, atLocalMs: number): void {
		const adapter = this.#adapter;
		if (adapter === null || this.#loading || this.#loadedMediaId === null) return;
		const applied = this.#applied(this.#clock.serverNow());
		if (applied === null) return;
		if (stateKey(applied) !== this.#activeKey) {
			// A transition whose timer has not fired (throttled tab): apply it now.
			this.#update();
			return;
		}
		const expected = expectedPositionMs(applied, this.#clock.serverNow(atLocalMs));
		const raw = mediaMs - expected;
		this.#probeStart(raw, atLocalMs);
		this.#probeRate(raw, atLocalMs);
		if (this.#holding(atLocalMs)) {
			// A start or a rate switch still settling (a start may begin before its anchor, while
			// the room is still paused): show it, but neither smooth nor correct it.
			this.#drift = raw;
			this.#notifyDrift();
			return;
		}
		const drift = this.#window.push(raw);
		this.#drift = drift;
		this.#notifyDrift();
		if (!this.#canCorrect(applied)) return;
		this.#correct(applied, drift, expected);
	}

	/** Right after a cued start or a scheduled rate switch the drift is the probes' alone. */
	#holding(atLocalMs: number): boolean {
		if (this.#startProbe !== null && atLocalMs <= this.#startProbe.untilMs) return true;
		return this.#rateProbe !== null && atLocalMs <= this.#rateProbe.untilMs;
	}

	/** Learn how long `play()` takes: the drift shortly after a cued start says how late it was. */
	#probeStart(rawDrift: number, atLocalMs: number): void {
		const probe = this.#startProbe;
		if (probe === null || atLocalMs < probe.fromMs) return;
		if (atLocalMs <= probe.untilMs) {
			probe.samples.push(rawDrift);
			return;
		}
		this.#startProbe = null;
		const late = median(probe.samples);
		if (late !== null && probe.samples.length >= 3 && Math.abs(late) < 1000) {
			this.#startLead.add(this.#startLead.value - late);
		}
	}

	/**
	 * Learn how long a new rate takes to act: set `leadMs` early, a switch that acted δ late left
	 * the player (from − to) × δ off.
	 */
	#probeRate(rawDrift: number, atLocalMs: number): void {
		const probe = this.#rateProbe;
		if (probe === null || atLocalMs < probe.fromMs) return;
		if (atLocalMs <= probe.untilMs) {
			probe.samples.push(rawDrift);
			return;
		}
		this.#rateProbe = null;
		this.#trimPending = true;
		const after = median(probe.samples);
		const delta = probe.fromRate - probe.toRate;
		if (after === null || probe.beforeMs === null || probe.samples.length < 3) return;
		if (Math.abs(delta) < 0.1) return;
		const late = (after - probe.beforeMs) / delta;
		if (Math.abs(late) < 500) this.#rateLead.add(probe.leadMs + late);
	}

	#seekInFlight(now: number): boolean {
		if (this.#seekStartedAt !== null && now - this.#seekStartedAt > SEEK_GIVE_UP_MS) {
			this.#seekStartedAt = null;
		}
		return this.#adapter?.seeking === true || this.#seekStartedAt !== null;
	}

	/** A started player corrects once it plays steadily: a few frames presented since `play()`. */
	#steady(now: number): boolean {
		const adapter = this.#adapter;
		if (adapter === null || adapter.precision === 'estimated') return true;
		if (adapter.onFrame !== undefined && now - this.#lastFrameAt < 250) {
			return this.#framesSinceStart >= this.#options.steadyFrames;
		}
		return now - this.#playRequestedAt >= STEADY_FALLBACK_MS;
	}

	#canCorrect(applied: PlaybackState): boolean {
		const adapter = this.#adapter;
		if (adapter === null || this.#needsGesture || this.#cue !== null) return false;
		if (this.#playerStatus !== 'ready') return false;
		const now = this.#clock.now();
		if (this.#seekInFlight(now)) return false;
		if (now < this.#cooldownUntil) return false;
		// Past the end of what the player has: nothing to correct.
		const duration = adapter.durationMs ?? applied.media?.durationMs ?? null;
		if (duration !== null && adapter.currentMs() >= duration - 250) return false;
		if (!applied.paused && adapter.paused) {
			// Something paused the player behind our back (media keys, the browser): follow the room.
			if (now - this.#playRequestedAt > this.#options.seekCooldownMs) this.#cueStart(applied);
			return false;
		}
		if (applied.paused && !adapter.paused) this.#pause();
		if (!applied.paused && !this.#steady(now)) return false;
		return this.#window.count >= (applied.paused ? 1 : this.#options.minSamples);
	}

	/**
	 * The dead zone, widened to the clock estimate's uncertainty: the room's timeline is not known
	 * better than that, and chasing the estimate's wobble would only move the player about.
	 */
	#deadZoneMs(thresholds: DriftThresholds): number {
		if (this.#adapter?.precision === 'estimated') return thresholds.deadZoneMs;
		const noise = this.#clock.uncertaintyMs ?? 0;
		return Math.max(thresholds.deadZoneMs, Math.min(this.#options.maxDeadZoneMs, noise));
	}

	#correct(applied: PlaybackState, drift: number, expected: number): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		const thresholds = this.#thresholds();
		const deadZoneMs = this.#deadZoneMs(thresholds);
		const magnitude = Math.abs(drift);
		if (applied.paused) {
			// Placed exactly already (a player may read a seek back rounded): do not seek forever.
			if (this.#parkedAt === applied.positionMs && this.#parkSeeks >= MAX_PARK_SEEKS) return;
		} else {
			// The first settled look after a start: far off (a slow or mispredicted start)? One more
			// precise start is quicker than a long nudge.
			const reseek =
				this.#reseekLeft > 0 &&
				adapter.precision !== 'estimated' &&
				magnitude > this.#options.reseekMs &&
				magnitude <= thresholds.seekThresholdMs;
			this.#reseekLeft = 0;
			if (reseek) {
				this.#setRate(applied.rate);
				this.#cueStart(applied, 0, true);
				this.#notify();
				return;
			}
			// Hysteresis: a nudge starts only after a few samples in a row beyond the dead zone (or,
			// just after a start or a rate switch, beyond `trimMs`), and goes on until inside the
			// settle band.
			const trim = this.#trimPending && magnitude > this.#options.trimMs;
			this.#trimPending = false;
			this.#outOfBand = magnitude > deadZoneMs ? this.#outOfBand + 1 : 0;
			if (trim && this.#gentle() && adapter.supportsRate) this.#correcting = 'rate';
			if (this.#correcting !== 'rate' && this.#outOfBand < this.#options.confirmSamples) return;
		}
		const decision = decideCorrection(
			{
				driftMs: drift,
				expectedMs: expected,
				roomRate: applied.rate,
				paused: applied.paused,
				gentle: this.#gentle() && adapter.supportsRate,
			},
			{
				...thresholds,
				deadZoneMs:
					this.#correcting === 'rate' ? Math.min(this.#options.settleMs, deadZoneMs) : deadZoneMs,
			},
		);
		switch (decision.kind) {
			case 'seek':
				this.#setRate(applied.rate);
				if (applied.paused) {
					this.#seekTo(decision.positionMs);
					this.#correcting = 'seek';
				} else {
					this.#cueStart(applied);
				}
				break;
			case 'rate':
				this.#nudge(decision.rate);
				break;
			case 'none':
				this.#setRate(applied.rate);
				this.#correcting = 'none';
				this.#outOfBand = 0;
				break;
		}
		this.#notify();
	}

	/** A rate nudge, written a few times a second at most and only when it changes something. */
	#nudge(rate: number): void {
		const now = this.#clock.now();
		const starting = this.#correcting !== 'rate';
		this.#correcting = 'rate';
		if (now - this.#rateWrittenAt < this.#options.minRateIntervalMs) return;
		if (!starting && Math.abs(rate / this.#rate - 1) < this.#options.minRateStep) return;
		this.#setRate(rate);
		this.#rateWrittenAt = now;
	}

	#seekTo(positionMs: number): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		const now = this.#clock.now();
		const target = Math.max(0, positionMs);
		adapter.seek(target);
		this.#seekStartedAt = adapter.onSeeked ? now : null;
		this.#seekIssuedAt = now;
		if (adapter.paused) {
			this.#parkSeeks = this.#parkedAt === target ? this.#parkSeeks + 1 : 1;
			this.#parkedAt = target;
		} else {
			this.#parkedAt = null;
		}
		// The embed reloads to seek: give it time. Our own players are held while the seek is in
		// flight and after a start until they play steadily instead.
		if (adapter.precision === 'estimated') {
			this.#cooldownUntil = now + this.#options.estimatedSeekCooldownMs;
		}
		if (!adapter.onSeeked) this.#placedAt = now;
		this.#window.clear();
		this.#drift = null;
		this.#outOfBand = 0;
	}

	#onSeeked(): void {
		this.#seekStartedAt = null;
		this.#placedAt = this.#clock.now();
		this.#learnSeekLatency();
		this.#window.clear();
		this.#armCue();
	}

	/** A seek is over once its data is in: that is the latency a cue has to allow for. */
	#learnSeekLatency(): void {
		const issuedAt = this.#seekIssuedAt;
		const adapter = this.#adapter;
		if (issuedAt === null || adapter === null || this.#seekStartedAt !== null) return;
		if (adapter.status === 'buffering' || adapter.status === 'loading') return;
		this.#seekIssuedAt = null;
		const ms = this.#clock.now() - issuedAt;
		this.#seekLatency.add(ms);
		this.#lastSeekMs = Math.min(ms, 2000);
	}

	/** `force`: set it even if we believe it is set (a new media resets the element's rate). */
	#setRate(rate: number, force = false): void {
		const adapter = this.#adapter;
		if (adapter === null || (!force && Math.abs(rate - this.#rate) < RATE_EPSILON)) return;
		this.#rate = rate;
		if (adapter.supportsRate) adapter.setRate(rate);
	}

	/**
	 * `probe`: a precisely timed start — learn the start latency from how it lands; the room gets
	 * to the player's position at local time `reachesAt` (the player starts a little before).
	 */
	async #play(probe = false, reachesAt?: number): Promise<void> {
		const adapter = this.#adapter;
		if (adapter === null || this.#needsGesture) return;
		const now = this.#clock.now();
		this.#playRequestedAt = now;
		this.#framesSinceStart = 0;
		this.#parkedAt = null;
		this.#outOfBand = 0;
		this.#window.clear();
		const from = Math.max(now + START_PROBE_FROM_MS, (reachesAt ?? now) + START_PROBE_SETTLED_MS);
		this.#startProbe =
			probe && adapter.precision !== 'estimated'
				? { fromMs: from, untilMs: from + START_PROBE_SPAN_MS, samples: [] }
				: null;
		this.#trimPending = probe;
		const result = await adapter.play();
		if (adapter !== this.#adapter) return;
		if (result === 'blocked') {
			this.#startProbe = null;
			this.#needsGesture = true;
			this.#reportStatus();
			this.#notify();
		}
	}

	#thresholds(): DriftThresholds {
		return this.#adapter?.precision === 'estimated'
			? this.#options.estimatedThresholds
			: this.#options.thresholds;
	}

	// ---- status and reports -------------------------------------------------------------------

	#onStatus(status: PlayerStatus): void {
		if (this.#loading && status !== 'error') {
			// Until the load resolves the player is loading, whatever its events say.
			this.#playerStatus = 'loading';
			return;
		}
		const stalled = this.#playerStatus === 'buffering';
		this.#playerStatus = status;
		if (status === 'autoplay-blocked') this.#needsGesture = true;
		else if (status === 'ready' && this.#needsGesture && this.#adapter?.paused === false) {
			this.#needsGesture = false;
		}
		if (stalled && status === 'ready' && this.#adapter?.paused === false) {
			// Going again after a stall is a start of sorts: once it plays steadily, one precise
			// restart if it fell far behind (not again and again on a player that keeps stalling:
			// seeking costs it more work), else a trim.
			const now = this.#clock.now();
			this.#framesSinceStart = 0;
			this.#trimPending = true;
			if (now - this.#stallRestartAt >= STALL_RESTART_EVERY_MS) {
				this.#reseekLeft = 1;
				this.#stallRestartAt = now;
			}
		}
		this.#reportStatus();
		this.#notify();
		if (status === 'ready' && this.#seekStartedAt === null) {
			// The data at a seek's position is in: a waiting cue can be scheduled now. (Before its
			// `seeked` the seek is not over: that will arm it.)
			this.#learnSeekLatency();
			this.#armCue();
		}
	}

	/** The status as the room should see it. */
	#roomStatus(): PlayerStatus | null {
		if (this.#adapter === null || this.#loadedMediaId === null) return null;
		if (this.#needsGesture) return 'autoplay-blocked';
		return this.#playerStatus;
	}

	#reportStatus(): void {
		const status = this.#roomStatus();
		const mediaId = this.#loadedMediaId;
		if (status === null) return;
		if (status !== 'buffering') this.#clearBufferTimer();
		if (`${status}|${mediaId}` === this.#reported) return;
		if (status === 'buffering') {
			// Brief stalls (a seek's `waiting`) must not pause the whole room.
			if (this.#reported === null) this.#send(status, mediaId);
			else if (this.#bufferTimer === null) {
				this.#bufferTimer = this.#timers.setTimeout(() => {
					this.#bufferTimer = null;
					if (this.#roomStatus() === 'buffering') this.#send('buffering', mediaId);
				}, this.#options.bufferingReportDelayMs);
			}
			return;
		}
		this.#send(status, mediaId);
	}

	#send(status: PlayerStatus, mediaId: string | null): void {
		this.#reported = `${status}|${mediaId}`;
		const report: PlayerStatusReport = { status, mediaId };
		const durationMs = this.#knownDuration();
		// Every `ready` carries it (cheap; the room keeps the first): a room that loads the same
		// media again has forgotten it.
		if (status === 'ready' && durationMs !== null) {
			report.durationMs = durationMs;
			this.#durationReportedFor = mediaId;
		}
		this.#reporter.status(report);
	}

	/** The player's duration once it is known (and plausible), whole ms. */
	#knownDuration(): number | null {
		const duration = this.#adapter?.durationMs ?? null;
		if (duration === null || !Number.isFinite(duration) || duration < 1) return null;
		return Math.min(604_800_000, Math.round(duration));
	}

	/** A duration learned after `ready` was reported (streams): tell the room once. */
	#reportLateDuration(): void {
		const mediaId = this.#loadedMediaId;
		if (mediaId === null || mediaId === this.#durationReportedFor || this.#loading) return;
		if (this.#roomStatus() !== 'ready' || this.#knownDuration() === null) return;
		this.#send('ready', mediaId);
	}

	#clearBufferTimer(): void {
		if (this.#bufferTimer !== null) this.#timers.clearTimeout(this.#bufferTimer);
		this.#bufferTimer = null;
	}

	#reportDrift(): void {
		this.#reportLateDuration();
		const adapter = this.#adapter;
		if (adapter === null || this.#drift === null || this.#loading) return;
		const rtt = this.#clock.rttMs;
		const report: DriftReport = {
			driftMs: Math.max(-86_400_000, Math.min(86_400_000, Math.round(this.#drift))),
			kind: adapter.precision,
			correcting: this.#correcting,
		};
		if (rtt !== null) report.rttMs = Math.min(60_000, Math.max(0, Math.round(rtt)));
		this.#reporter.drift(report);
	}

	// ---- change notification ------------------------------------------------------------------

	#computeSnapshot(): SyncSnapshot {
		const adapter = this.#adapter;
		return {
			attached: adapter !== null,
			status: this.#roomStatus(),
			precision: adapter?.precision ?? null,
			driftMs: this.#drift === null ? null : Math.round(this.#drift),
			correcting: this.#correcting,
			needsGesture: this.#needsGesture,
			mutedFallback: this.#mutedFallback,
			muted: adapter?.muted ?? false,
			volume: adapter?.volume ?? 1,
			durationMs: adapter?.durationMs ?? null,
		};
	}

	/** Drift changes every frame; the UI hears about it four times a second at most. */
	#notifyDrift(): void {
		const now = this.#clock.now();
		if (now - this.#lastDriftNotify < 250) return;
		this.#lastDriftNotify = now;
		this.#notify();
	}

	#notify(): void {
		const next = this.#computeSnapshot();
		const previous = this.#snapshot;
		let changed = false;
		for (const key of Object.keys(next) as (keyof SyncSnapshot)[]) {
			if (next[key] !== previous[key]) {
				changed = true;
				break;
			}
		}
		if (!changed) return;
		this.#snapshot = next;
		for (const listener of this.#listeners) listener(next);
	}
}
