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
 * - A correction loop measures drift on every presented frame (`requestVideoFrameCallback`,
 *   media time against the room's position at the frame's display time) or every 100 ms, smooths
 *   it (trimmed mean) and applies `decideCorrection`: rate nudges (±8 %) between 25 ms and 2 s,
 *   a cued seek beyond, with a cooldown after each seek.
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
import { BoundedAverage, DriftWindow, median, PreciseTimer } from './smoothing.js';
import { Timeline } from './timeline.js';

export interface SyncClock {
	/** Local time, ms (the scale `toLocal` answers in). */
	now(): number;
	serverNow(localMs?: number): number;
	toLocal(serverMs: number): number;
	readonly rttMs: number | null;
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
	// Close a gap over ~0.6 s rather than 1 s: frames arrive every 33 ms and the smoothing lags
	// ~150 ms, so the faster loop stays stable and a 100 ms gap is gone in about a second.
	thresholds: { ...DEFAULT_DRIFT_THRESHOLDS, correctionWindowMs: 600 },
	estimatedThresholds: {
		deadZoneMs: 1500,
		seekThresholdMs: 3000,
		maxRateDelta: 0,
		correctionWindowMs: 1000,
		pausedToleranceMs: 1500,
	},
	settleMs: 5,
	seekCooldownMs: 1000,
	estimatedSeekCooldownMs: 5000,
	sampleIntervalMs: 100,
	reportIntervalMs: 1000,
	expectedLoadMs: 1000,
	initialSeekLatencyMs: 80,
	initialStartLeadMs: 30,
	cueMarginMs: 250,
	cueLateMs: 20,
	bufferingReportDelayMs: 1000,
	wakeEarlyMs: 20,
	prepareJumpMs: 100,
	windowSamples: 9,
	minSamples: 3,
};

export interface SyncControllerDeps {
	clock: SyncClock;
	reporter: SyncReporter;
	/** The user's "gentle correction" setting (rate nudges allowed). */
	gentle?: () => boolean;
	timers?: Timers;
	/** Converts a `performance.now()` reading (frame times) to the clock's local scale. */
	perfToLocal?: (performanceNowMs: number) => number;
	options?: Partial<SyncOptions>;
}

/** A start waiting to happen: the player sits (or is seeking to) `targetMs`, paused. */
interface Cue {
	key: string;
	state: PlaybackState;
	targetMs: number;
	/** How often it was cued again because the seek took too long. */
	attempts: number;
}

/** Learning the start latency: drift samples taken shortly after a cued `play()`. */
interface StartProbe {
	fromMs: number;
	untilMs: number;
	samples: number[];
}

const stateKey = (state: PlaybackState) => `${state.seq}:${state.paused ? 'p' : 'r'}`;

const RATE_EPSILON = 0.0005;
/** A seek not confirmed within this long is assumed over (its `seeked` got lost), ms. */
const SEEK_GIVE_UP_MS = 5000;
/** After a cued start, drift samples in this window (ms after `play()`) measure its lateness. */
const START_PROBE_FROM_MS = 150;
const START_PROBE_UNTIL_MS = 350;
/** Re-cue at most this often in a row before simply starting late. */
const MAX_CUE_ATTEMPTS = 2;

export class SyncController {
	readonly #clock: SyncClock;
	readonly #reporter: SyncReporter;
	readonly #gentle: () => boolean;
	readonly #timers: Timers;
	readonly #perfToLocal: (p: number) => number;
	readonly #options: SyncOptions;
	readonly #timeline = new Timeline();
	readonly #window: DriftWindow;
	readonly #seekLatency: BoundedAverage;
	readonly #loadLatency: BoundedAverage;
	readonly #startLead: BoundedAverage;
	readonly #transition: PreciseTimer;
	readonly #cueTimer: PreciseTimer;
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
	#sampleTimer: unknown = null;
	#reportTimer: unknown = null;
	#bufferTimer: unknown = null;

	#playerStatus: PlayerStatus | null = null;
	#reported: string | null = null;
	#drift: number | null = null;
	#correcting: Correcting = 'none';
	#rate = 1;
	#cooldownUntil = 0;
	#seekStartedAt: number | null = null;
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
		this.#perfToLocal = deps.perfToLocal ?? ((p) => performance.timeOrigin + p);
		this.#options = { ...DEFAULT_SYNC_OPTIONS, ...deps.options };
		this.#window = new DriftWindow(this.#options.windowSamples);
		this.#seekLatency = new BoundedAverage(this.#options.initialSeekLatencyMs, { max: 2000 });
		this.#loadLatency = new BoundedAverage(this.#options.expectedLoadMs, { max: 10_000 });
		this.#startLead = new BoundedAverage(this.#options.initialStartLeadMs, {
			weight: 0.5,
			max: 500,
		});
		const now = () => this.#clock.now();
		this.#transition = new PreciseTimer(this.#timers, now, this.#options.wakeEarlyMs);
		this.#cueTimer = new PreciseTimer(this.#timers, now, this.#options.wakeEarlyMs);
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
		this.#unsubscribe = [
			adapter.onStatus((status) => this.#onStatus(status)),
			adapter.onEnded(() => this.#notify()),
		];
		if (adapter.onFrame) {
			this.#unsubscribe.push(adapter.onFrame((media, perf) => this.#onFrame(media, perf)));
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
			adapter.pause();
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

	driftInfo(): { driftMs: number; kind: DriftKind; correcting: Correcting } | null {
		if (this.#drift === null || this.#adapter === null) return null;
		return { driftMs: this.#drift, kind: this.#adapter.precision, correcting: this.#correcting };
	}

	/** What has been learned about the player (for diagnostics). */
	get latencies(): { seekMs: number; startLeadMs: number; loadMs: number } {
		return {
			seekMs: this.#seekLatency.value,
			startLeadMs: this.#startLead.value,
			loadMs: this.#loadLatency.value,
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
				adapter.pause();
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
		this.#window.clear();
		this.#drift = null;
		this.#setRate(state.rate, true);
		// A start already cued for this very state (a prepared scheduled play) goes ahead.
		if (this.#cue?.key === key && !force) return;
		this.#cancelCue();
		this.#correcting = 'none';
		const thresholds = this.#thresholds();
		if (state.paused) {
			if (!adapter.paused) adapter.pause();
			if (Math.abs(adapter.currentMs() - state.positionMs) > thresholds.pausedToleranceMs) {
				this.#seekTo(state.positionMs);
			}
			return;
		}
		const serverNow = this.#clock.serverNow();
		if (adapter.paused) {
			// Already where the room will be once it starts moving: just start.
			const startsAt = expectedPositionMs(state, serverNow + this.#startLead.value);
			if (Math.abs(adapter.currentMs() - startsAt) <= thresholds.deadZoneMs) void this.#play(true);
			else this.#cueStart(state);
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
		// A scheduled pause or rate change: keep following the current timeline until the anchor.
		if (pending.paused) return;
		const atAnchor = expectedPositionMs(current, pending.anchorMs);
		const jump = Math.abs(pending.positionMs - atAnchor);
		if (!current.paused && jump <= this.#options.prepareJumpMs) return;
		// The embed cannot pre-seek cheaply: it switches at the anchor.
		if (adapter.precision === 'estimated') return;
		this.#cancelCue();
		this.#window.clear();
		if (!adapter.paused) adapter.pause();
		if (Math.abs(adapter.currentMs() - pending.positionMs) > this.#thresholds().pausedToleranceMs) {
			this.#seekTo(pending.positionMs);
		}
		this.#cue = {
			key: stateKey(pending),
			state: pending,
			targetMs: pending.positionMs,
			attempts: 0,
		};
		this.#armCue();
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
		this.#transitionAnchor = null;
	}

	// ---- cued starts --------------------------------------------------------------------------

	/**
	 * Start a player on a running timeline precisely: pause, seek a little ahead of the room, and
	 * call `play()` when the room reaches that position (minus the learned start latency).
	 */
	#cueStart(state: PlaybackState, attempts = 0): void {
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
		const margin = Math.max(this.#options.cueMarginMs, 2 * this.#seekLatency.value + 50);
		const targetMs = expectedPositionMs(state, this.#clock.serverNow() + margin);
		if (!adapter.paused) adapter.pause();
		this.#seekTo(targetMs);
		this.#cue = { key: stateKey(state), state, targetMs, attempts };
		if (!adapter.onSeeked) this.#armCue();
	}

	/** Once the cue's seek has landed: schedule the start. */
	#armCue(): void {
		const cue = this.#cue;
		const adapter = this.#adapter;
		if (cue === null || adapter === null || this.#cueTimer.active || adapter.seeking) return;
		const { state } = cue;
		const reachesAt = state.anchorMs + Math.max(0, cue.targetMs - state.positionMs) / state.rate;
		const playAt = this.#clock.toLocal(reachesAt) - this.#startLead.value;
		if (this.#clock.now() - playAt > this.#options.cueLateMs && cue.attempts < MAX_CUE_ATTEMPTS) {
			// The seek took longer than planned (its latency is learned by now): cue again.
			this.#cueStart(state, cue.attempts + 1);
			return;
		}
		this.#cueTimer.at(playAt, () => {
			if (this.#cue !== cue) return;
			this.#cue = null;
			void this.#play(true);
		});
	}

	#cancelCue(): void {
		this.#cue = null;
		this.#cueTimer.cancel();
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

	#onFrame(mediaTimeMs: number, performanceNowMs: number): void {
		this.#lastFrameAt = this.#clock.now();
		const adapter = this.#adapter;
		// A paused player's frame (after a seek) is the frame *near* the position: read currentTime.
		if (adapter === null || adapter.paused) return;
		this.#sample(mediaTimeMs, this.#perfToLocal(performanceNowMs));
	}

	#onTick(): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		if (this.#cue !== null) this.#armCue();
		const now = this.#clock.now();
		// Frames measure more precisely; the timer covers paused players and frame-less moments.
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
		const drift = this.#window.push(raw);
		this.#drift = drift;
		this.#notifyDrift();
		if (!this.#canCorrect(applied)) return;
		this.#correct(applied, drift, expected);
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

	#canCorrect(applied: PlaybackState): boolean {
		const adapter = this.#adapter;
		if (adapter === null || this.#needsGesture || this.#cue !== null) return false;
		if (this.#playerStatus !== 'ready') return false;
		const now = this.#clock.now();
		// Right after a cued start, let the start-latency probe see the uncorrected landing.
		if (this.#startProbe !== null && now <= this.#startProbe.untilMs) return false;
		if (this.#seekStartedAt !== null && now - this.#seekStartedAt > SEEK_GIVE_UP_MS) {
			this.#seekStartedAt = null;
		}
		if (adapter.seeking || this.#seekStartedAt !== null) return false;
		if (now < this.#cooldownUntil) return false;
		// Past the end of what the player has: nothing to correct.
		const duration = adapter.durationMs ?? applied.media?.durationMs ?? null;
		if (duration !== null && adapter.currentMs() >= duration - 250) return false;
		if (!applied.paused && adapter.paused) {
			// Something paused the player behind our back (media keys, the browser): follow the room.
			if (now - this.#playRequestedAt > this.#options.seekCooldownMs) this.#cueStart(applied);
			return false;
		}
		if (applied.paused && !adapter.paused) adapter.pause();
		return this.#window.count >= (applied.paused ? 1 : this.#options.minSamples);
	}

	#correct(applied: PlaybackState, drift: number, expected: number): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		const thresholds = this.#thresholds();
		const deadZoneMs =
			this.#correcting === 'rate'
				? Math.min(this.#options.settleMs, thresholds.deadZoneMs)
				: thresholds.deadZoneMs;
		const decision = decideCorrection(
			{
				driftMs: drift,
				expectedMs: expected,
				roomRate: applied.rate,
				paused: applied.paused,
				gentle: this.#gentle() && adapter.supportsRate,
			},
			{ ...thresholds, deadZoneMs },
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
				this.#setRate(decision.rate);
				this.#correcting = 'rate';
				break;
			case 'none':
				this.#setRate(applied.rate);
				this.#correcting = 'none';
				break;
		}
		this.#notify();
	}

	#seekTo(positionMs: number): void {
		const adapter = this.#adapter;
		if (adapter === null) return;
		const now = this.#clock.now();
		adapter.seek(Math.max(0, positionMs));
		this.#seekStartedAt = adapter.onSeeked ? now : null;
		const cooldown =
			adapter.precision === 'estimated'
				? this.#options.estimatedSeekCooldownMs
				: this.#options.seekCooldownMs;
		this.#cooldownUntil = now + cooldown;
		this.#window.clear();
		this.#drift = null;
	}

	#onSeeked(): void {
		if (this.#seekStartedAt !== null) {
			this.#seekLatency.add(this.#clock.now() - this.#seekStartedAt);
			this.#seekStartedAt = null;
		}
		this.#window.clear();
		this.#armCue();
	}

	/** `force`: set it even if we believe it is set (a new media resets the element's rate). */
	#setRate(rate: number, force = false): void {
		const adapter = this.#adapter;
		if (adapter === null || (!force && Math.abs(rate - this.#rate) < RATE_EPSILON)) return;
		this.#rate = rate;
		if (adapter.supportsRate) adapter.setRate(rate);
	}

	/** `probe`: a precisely timed start — learn the start latency from how it lands. */
	async #play(probe = false): Promise<void> {
		const adapter = this.#adapter;
		if (adapter === null || this.#needsGesture) return;
		const now = this.#clock.now();
		this.#playRequestedAt = now;
		this.#window.clear();
		this.#startProbe =
			probe && adapter.precision !== 'estimated'
				? { fromMs: now + START_PROBE_FROM_MS, untilMs: now + START_PROBE_UNTIL_MS, samples: [] }
				: null;
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
		this.#playerStatus = status;
		if (status === 'autoplay-blocked') this.#needsGesture = true;
		else if (status === 'ready' && this.#needsGesture && this.#adapter?.paused === false) {
			this.#needsGesture = false;
		}
		this.#reportStatus();
		this.#notify();
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
		this.#reporter.status({ status, mediaId });
	}

	#clearBufferTimer(): void {
		if (this.#bufferTimer !== null) this.#timers.clearTimeout(this.#bufferTimer);
		this.#bufferTimer = null;
	}

	#reportDrift(): void {
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
