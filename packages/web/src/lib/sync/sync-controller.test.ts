import type {
	DriftKind,
	DriftReport,
	Media,
	PlayerStatus,
	PlayerStatusReport,
	RoomPlayback,
} from '@videotogether/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock, FakePlayer, MEDIA, roomPlayback } from '../../test/fake-player.js';
import { Listeners, type PlayerAdapter } from '../player/adapter.js';
import { SyncController, type SyncOptions } from './sync-controller.js';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

function setup(
	options: { gentle?: boolean; sync?: Partial<SyncOptions>; player?: Partial<FakePlayer> } = {},
) {
	const clock = new FakeClock();
	const player = Object.assign(new FakePlayer(clock), options.player);
	const reports = { status: [] as PlayerStatusReport[], drift: [] as DriftReport[] };
	let gentle = options.gentle ?? true;
	const sync = new SyncController({
		clock,
		reporter: {
			status: (report) => reports.status.push(report),
			drift: (report) => reports.drift.push(report),
		},
		gentle: () => gentle,
		options: {
			initialSeekLatencyMs: 0,
			initialStartLeadMs: 0,
			initialRateLeadMs: 0,
			expectedLoadMs: 0,
			...options.sync,
		},
	});
	/** Let `ms` pass in `step`s, presenting a frame each step while the player plays. */
	async function advance(ms: number, step = 10, frames = true): Promise<void> {
		for (let t = 0; t < ms; t += step) {
			clock.local += step;
			await vi.advanceTimersByTimeAsync(step);
			if (frames && !player.paused) player.frame();
		}
	}
	const serverNow = () => clock.serverNow();
	/** A state anchored `agoMs` before now (server time). */
	const state = (playback: Partial<RoomPlayback['playback']>, agoMs = 0) =>
		roomPlayback({ anchorMs: serverNow() - agoMs, ...playback });
	const expected = () => sync.expectedMs() ?? Number.NaN;
	return {
		clock,
		player,
		sync,
		reports,
		advance,
		serverNow,
		state,
		expected,
		setGentle: (on: boolean) => (gentle = on),
	};
}

/** A room playing from 10 s, loaded and in sync. */
async function playingSetup(options: Parameters<typeof setup>[0] = {}) {
	const t = setup(options);
	t.sync.setState(t.state({ paused: false, positionMs: 10_000 }, 1000));
	t.sync.attach(t.player);
	await vi.advanceTimersByTimeAsync(0);
	// Past the start-latency probe, which holds corrections for 350 ms after a start.
	await t.advance(700);
	expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThan(1);
	return t;
}

describe('SyncController: loading and joining', () => {
	it('places a joiner at the live position (plus the expected load time) and plays', async () => {
		const t = setup({ sync: { expectedLoadMs: 800 } });
		t.player.autoLoad = false;
		t.sync.setState(t.state({ paused: false, positionMs: 5_000 }, 10_000));
		t.sync.attach(t.player);
		expect(t.player.loads).toHaveLength(1);
		expect(t.player.loads[0]?.startMs).toBe(15_800);
		expect(t.reports.status.at(-1)).toEqual({ status: 'loading', mediaId: MEDIA.id });
		await t.advance(800, 10, false);
		t.player.finishLoad();
		await vi.advanceTimersByTimeAsync(0);
		expect(t.player.paused).toBe(false);
		expect(t.player.seeks).toEqual([]);
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThan(1);
		expect(t.reports.status.at(-1)).toEqual({ status: 'ready', mediaId: MEDIA.id });
	});

	it('cues a late load: seeks ahead, then starts when the room reaches that position', async () => {
		const t = setup({ sync: { expectedLoadMs: 100 } });
		t.player.autoLoad = false;
		t.sync.attach(t.player);
		t.sync.setState(t.state({ paused: false, positionMs: 0 }, 0));
		await t.advance(1500, 10, false);
		t.player.finishLoad();
		await vi.advanceTimersByTimeAsync(0);
		expect(t.player.seeks).toHaveLength(1);
		expect((t.player.seeks[0] ?? 0) - t.expected()).toBe(150);
		expect(t.player.paused).toBe(true);
		await t.advance(149, 1);
		expect(t.player.paused).toBe(true);
		await t.advance(2, 1);
		expect(t.player.paused).toBe(false);
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThanOrEqual(1);
	});

	it('loads new media when the media id changes, not on other changes', async () => {
		const t = await playingSetup();
		t.sync.setState(t.state({ paused: true, positionMs: 12_000, seq: 2 }));
		await t.advance(50);
		expect(t.player.loads).toHaveLength(1);
		const other = {
			...MEDIA,
			id: 'https://media.example/b.mp4',
			url: 'https://media.example/b.mp4',
		};
		t.sync.setState(t.state({ media: other, paused: true, positionMs: 0, seq: 3 }));
		expect(t.player.loads).toHaveLength(2);
		expect(t.player.loads[1]?.media.id).toBe(other.id);
	});
});

describe('SyncController: scheduled transitions', () => {
	it('starts a scheduled play at the anchor, not before', async () => {
		const t = setup();
		t.sync.setState(t.state({ paused: true, positionMs: 10_000 }, 5000));
		t.sync.attach(t.player);
		await t.advance(100);
		expect(t.player.paused).toBe(true);
		const anchor = t.serverNow() + 300;
		t.sync.setState(roomPlayback({ paused: false, positionMs: 10_000, anchorMs: anchor, seq: 2 }));
		await t.advance(295, 1);
		expect(t.player.paused).toBe(true);
		expect(t.player.currentMs()).toBe(10_000);
		await t.advance(10, 1);
		expect(t.player.paused).toBe(false);
		const startedAt = t.player.playedAt.at(-1) ?? 0;
		expect(startedAt).toBeGreaterThanOrEqual(t.clock.toLocal(anchor));
		expect(startedAt).toBeLessThanOrEqual(t.clock.toLocal(anchor) + 2);
		expect(t.player.seeks).toEqual([]);
	});

	it('keeps playing until a scheduled pause, then stops exactly at its position', async () => {
		const t = await playingSetup();
		const anchor = t.serverNow() + 200;
		const at = t.expected() + 200;
		t.sync.setState(roomPlayback({ paused: true, positionMs: at, anchorMs: anchor, seq: 2 }));
		await t.advance(190, 1);
		expect(t.player.paused).toBe(false);
		await t.advance(15, 1);
		expect(t.player.paused).toBe(true);
		expect(Math.abs(t.player.currentMs() - at)).toBeLessThanOrEqual(10);
		expect(t.expected()).toBe(at);
	});

	it('prepares a scheduled jump (pause, pre-seek) and starts it at the anchor', async () => {
		const t = await playingSetup();
		const anchor = t.serverNow() + 300;
		t.sync.setState(roomPlayback({ paused: false, positionMs: 60_000, anchorMs: anchor, seq: 2 }));
		// Until the anchor the room's position is still the old timeline…
		expect(t.expected()).toBeLessThan(20_000);
		// …but the player already waits at the new position.
		expect(t.player.paused).toBe(true);
		expect(t.player.seeks).toEqual([60_000]);
		await t.advance(290, 1);
		expect(t.player.paused).toBe(true);
		await t.advance(20, 1);
		expect(t.player.paused).toBe(false);
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThanOrEqual(2);
	});

	it('switches the rate at a scheduled rate change without seeking', async () => {
		const t = await playingSetup();
		const anchor = t.serverNow() + 200;
		const at = t.expected() + 200;
		t.sync.setState(
			roomPlayback({ paused: false, positionMs: at, anchorMs: anchor, rate: 1.5, seq: 2 }),
		);
		await t.advance(190, 1);
		expect(t.player.rate).toBe(1);
		await t.advance(20, 1);
		expect(t.player.rate).toBe(1.5);
		expect(t.player.seeks).toEqual([]);
		expect(t.player.paused).toBe(false);
	});
});

describe('SyncController: correction', () => {
	it.each([30, 50, 100, 500, 1900, -30, -100, -1900])(
		'nudges the rate within ±8 percent for a drift of %i ms',
		async (drift) => {
			const t = await playingSetup();
			t.player.shift(drift);
			await t.advance(330, 33);
			const rate = t.player.rate;
			expect(rate).toBeGreaterThanOrEqual(0.92);
			expect(rate).toBeLessThanOrEqual(1.08);
			expect(rate < 1).toBe(drift > 0);
			expect(rate).not.toBe(1);
			expect(t.player.seeks).toEqual([]);
			expect(t.sync.driftInfo()).toMatchObject({ kind: 'frame', correcting: 'rate' });
		},
	);

	it('closes a small drift by rate alone and settles inside 5 ms', async () => {
		const t = await playingSetup();
		t.player.shift(200);
		await t.advance(6000, 33);
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThanOrEqual(5);
		expect(t.player.rate).toBe(1);
		expect(t.player.seeks).toEqual([]);
	});

	it('leaves a drift inside the dead zone alone', async () => {
		const t = await playingSetup();
		t.player.shift(20);
		await t.advance(1000, 33);
		expect(t.player.rates.filter((r) => r !== 1)).toEqual([]);
	});

	it('corrects beyond 2 s with a cued seek: ahead of the room, started when it gets there', async () => {
		const t = await playingSetup({ sync: { initialSeekLatencyMs: 120 } });
		t.player.shift(-3000);
		// Not on the first sample: a few in a row beyond the dead zone.
		await t.advance(99, 33);
		expect(t.player.seeks).toEqual([]);
		await t.advance(33, 33);
		expect(t.player.seeks).toHaveLength(1);
		expect(t.player.paused).toBe(true);
		// Aimed 1.5 × the expected seek latency + the start latency + 50 ms ahead (at least 150).
		const ahead = (t.player.seeks[0] ?? 0) - t.expected();
		expect(ahead).toBeCloseTo(230, 6);
		expect(t.sync.snapshot.correcting).toBe('seek');
		await t.advance(ahead + 2, 1);
		expect(t.player.paused).toBe(false);
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThanOrEqual(1);
	});

	it('after a cued start, corrects as soon as the player plays steadily (no fixed cooldown)', async () => {
		const t = await playingSetup();
		t.player.shift(-3000);
		while (t.player.seeks.length === 0) await t.advance(33, 33);
		while (t.player.paused) await t.advance(1, 1);
		// Playing again, on time; now 60 ms off.
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThanOrEqual(1);
		t.player.shift(60);
		await t.advance(400, 33);
		// The start settles (400 ms, its latency is measured meanwhile) uncorrected…
		expect(t.player.rates.filter((r) => r !== 1)).toEqual([]);
		await t.advance(300, 33);
		// …then the nudge starts: well before a second has passed since the seek.
		expect(t.player.rates.some((r) => r < 1)).toBe(true);
		expect(t.player.seeks).toHaveLength(1);
	});

	it('does not seek while the player is still seeking or buffering', async () => {
		const t = await playingSetup();
		t.player.seeking = true;
		t.player.shift(-3000);
		await t.advance(1500, 33);
		expect(t.player.seeks).toEqual([]);
		t.player.seeking = false;
		t.player.setStatus('buffering');
		await t.advance(1500, 33);
		expect(t.player.seeks).toEqual([]);
		t.player.setStatus('ready');
		await t.advance(200, 33);
		expect(t.player.seeks).toHaveLength(1);
	});

	it('after a stall that left it far behind, restarts precisely instead of nudging', async () => {
		const t = await playingSetup();
		t.player.setStatus('buffering');
		t.player.shift(-200);
		await t.advance(100, 33);
		t.player.setStatus('ready');
		for (let i = 0; i < 10 && t.player.seeks.length === 0; i += 1) await t.advance(33, 33);
		expect(t.player.seeks).toHaveLength(1);
		expect(t.player.rates.filter((r) => r !== 1)).toEqual([]);
		await t.advance(300, 1);
		expect(t.player.paused).toBe(false);
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThanOrEqual(1);
		// Stalling again soon after: nudged back this time (seeking is more work for it).
		await t.advance(2000, 33);
		t.player.setStatus('buffering');
		t.player.shift(-200);
		t.player.setStatus('ready');
		await t.advance(600, 33);
		expect(t.player.seeks).toHaveLength(1);
		expect(t.player.rates.some((r) => r > 1)).toBe(true);
	});

	it('with gentle correction off never changes the rate, but still seeks beyond 2 s', async () => {
		const t = await playingSetup({ gentle: false });
		t.player.shift(500);
		await t.advance(2000, 33);
		expect(t.player.rates.filter((r) => r !== 1)).toEqual([]);
		t.player.shift(2500);
		await t.advance(200, 33);
		expect(t.player.seeks).toHaveLength(1);
	});

	it('does not nudge the rate of a player that cannot change it smoothly', async () => {
		const t = await playingSetup({ player: { supportsRate: false } });
		t.player.shift(500);
		await t.advance(1000, 33);
		expect(t.player.rates).toEqual([]);
	});

	it('places a paused player exactly (within 10 ms) on the paused position', async () => {
		const t = setup();
		t.sync.setState(t.state({ paused: true, positionMs: 42_000 }));
		t.sync.attach(t.player);
		await t.advance(50);
		t.player.shift(15);
		await t.advance(300, 100);
		expect(t.player.currentMs()).toBe(42_000);
	});

	it('follows the room when something paused the player behind its back', async () => {
		const t = await playingSetup();
		t.player.pause();
		await t.advance(1500, 100);
		expect(t.player.paused).toBe(false);
		expect(t.player.calls.filter((c) => c === 'pause')).toHaveLength(1);
	});

	it('reads drift from the player’s clock now, whatever media time the frame carried', async () => {
		const t = await playingSetup();
		t.player.shift(20);
		for (let i = 0; i < 9; i += 1) {
			await t.advance(33, 33, false);
			// A frame from a frame-stepped clock: media time 30 ms behind where the player is.
			t.player.frameAt(t.player.currentMs() - 30, t.clock.local + 16);
		}
		expect(t.sync.driftInfo()?.driftMs).toBeCloseTo(20, 5);
	});
});

describe('SyncController: reports', () => {
	it('reports drift once a second with its kind, the RTT and the correction', async () => {
		const t = await playingSetup();
		t.reports.drift.length = 0;
		t.player.shift(60);
		await t.advance(3000, 33);
		expect(t.reports.drift.length).toBeGreaterThanOrEqual(2);
		expect(t.reports.drift.length).toBeLessThanOrEqual(3);
		expect(t.reports.drift[0]).toMatchObject({ kind: 'frame', rttMs: 12, correcting: 'rate' });
		expect(Number.isInteger(t.reports.drift[0]?.driftMs)).toBe(true);
	});

	it('reports status changes with the media id, and short stalls not at all', async () => {
		const t = await playingSetup();
		const count = t.reports.status.length;
		t.player.setStatus('buffering');
		await t.advance(500);
		t.player.setStatus('ready');
		await t.advance(2000);
		expect(t.reports.status.slice(count)).toEqual([]);
		t.player.setStatus('buffering');
		await t.advance(1100);
		expect(t.reports.status.slice(count)).toEqual([{ status: 'buffering', mediaId: MEDIA.id }]);
		t.player.setStatus('ready');
		expect(t.reports.status.at(-1)).toEqual({ status: 'ready', mediaId: MEDIA.id });
	});

	it('tells the room the duration with ready, once it is known (for auto-advance)', async () => {
		const t = setup();
		t.player.durationMs = 95_432.4;
		t.sync.setState(t.state({ paused: true, positionMs: 0 }));
		t.sync.attach(t.player);
		await vi.advanceTimersByTimeAsync(0);
		expect(t.reports.status.at(-1)).toEqual({
			status: 'ready',
			mediaId: MEDIA.id,
			durationMs: 95_432,
		});
	});

	it('reports a duration learned after ready (a stream) on its own, once', async () => {
		const t = await playingSetup();
		const count = t.reports.status.length;
		t.player.durationMs = 60_000;
		await t.advance(2500);
		expect(t.reports.status.slice(count)).toEqual([
			{ status: 'ready', mediaId: MEDIA.id, durationMs: 60_000 },
		]);
	});
});

describe('SyncController: autoplay', () => {
	it('reports autoplay-blocked and needs a gesture when the browser refuses to play', async () => {
		const t = setup();
		t.player.playResults = ['blocked'];
		t.sync.setState(t.state({ paused: false, positionMs: 0 }, 1000));
		t.sync.attach(t.player);
		// Loaded 10 ms late: a cued start, 150 ms ahead.
		await t.advance(300);
		expect(t.sync.snapshot.needsGesture).toBe(true);
		expect(t.sync.snapshot.status).toBe('autoplay-blocked');
		expect(t.reports.status.at(-1)).toEqual({ status: 'autoplay-blocked', mediaId: MEDIA.id });
		await t.advance(2000);
		expect(t.player.calls.filter((c) => c.startsWith('play'))).toHaveLength(1);
	});

	it('joins with the gesture unmuted, falling back to muted playback', async () => {
		const t = setup();
		t.player.playResults = ['blocked', 'blocked', 'ok'];
		t.sync.setState(t.state({ paused: false, positionMs: 0 }, 1000));
		t.sync.attach(t.player);
		await t.advance(300);
		await t.sync.joinWithGesture();
		expect(t.player.calls.filter((c) => c.startsWith('play'))).toEqual([
			'play',
			'play',
			'play:muted',
		]);
		expect(t.sync.snapshot).toMatchObject({
			needsGesture: false,
			mutedFallback: true,
			muted: true,
		});
		// Then a cued start on the room's timeline.
		await t.advance(300, 1);
		expect(t.player.paused).toBe(false);
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThanOrEqual(1);
		expect(t.reports.status.at(-1)).toEqual({ status: 'ready', mediaId: MEDIA.id });
	});
});

describe('SyncController: resync', () => {
	it('re-places the player on resync even inside the rate band, and re-reports status', async () => {
		const t = await playingSetup({ gentle: false });
		t.player.shift(-500);
		await t.advance(500, 33);
		expect(t.player.seeks).toEqual([]);
		const reported = t.reports.status.length;
		t.sync.resync();
		expect(t.player.seeks).toHaveLength(1);
		await t.advance(300, 1);
		expect(t.player.paused).toBe(false);
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThanOrEqual(1);
		expect(t.reports.status.length).toBe(reported + 1);
	});

	it('accepts a restarted server’s lower seq after expectFreshTimeline, without reloading', async () => {
		const t = await playingSetup();
		t.sync.setState(t.state({ paused: false, positionMs: 20_000, seq: 9 }));
		t.sync.expectFreshTimeline();
		t.sync.setState(t.state({ paused: true, positionMs: 30_000, seq: 1 }));
		await t.advance(50);
		expect(t.player.paused).toBe(true);
		expect(t.player.currentMs()).toBe(30_000);
		expect(t.player.loads).toHaveLength(1);
	});
});

describe('SyncController: the embed (position estimated, no rate)', () => {
	it('corrects only by seeking (reloading), beyond its wide threshold, then waits', async () => {
		const t = await playingSetup({ player: { precision: 'estimated', supportsRate: false } });
		t.player.shift(2500);
		await t.advance(2000, 100);
		expect(t.player.seeks).toEqual([]);
		expect(t.player.rates).toEqual([]);
		t.player.shift(2000);
		await t.advance(1000, 100);
		expect(t.player.seeks).toHaveLength(1);
		// Aimed where the room will be once the reload is done; no pause, no cue.
		expect(t.player.paused).toBe(false);
		expect(t.player.calls.filter((c) => c === 'pause')).toEqual([]);
		t.player.shift(4000);
		await t.advance(3000, 100);
		// The reload's cooldown (5 s) holds further seeks.
		expect(t.player.seeks).toHaveLength(1);
		await t.advance(3000, 100);
		expect(t.player.seeks).toHaveLength(2);
		expect(t.player.rates).toEqual([]);
	});

	it('pauses without parking, within its tolerance', async () => {
		const t = await playingSetup({ player: { precision: 'estimated', supportsRate: false } });
		const at = t.expected() + 200;
		t.sync.setState(
			roomPlayback({ paused: true, positionMs: at, anchorMs: t.serverNow() + 200, seq: 2 }),
		);
		await t.advance(400, 10);
		expect(t.player.paused).toBe(true);
		expect(t.player.seeks).toEqual([]);
	});
});

describe('SyncController: hysteresis and the clock', () => {
	it('widens the dead zone to the clock estimate’s uncertainty', async () => {
		const t = await playingSetup();
		Object.assign(t.clock, { uncertaintyMs: 60 });
		t.player.shift(40);
		await t.advance(1000, 33);
		expect(t.player.rates.filter((r) => r !== 1)).toEqual([]);
		Object.assign(t.clock, { uncertaintyMs: 2 });
		await t.advance(300, 33);
		expect(t.player.rates.some((r) => r < 1)).toBe(true);
	});

	it('tells how far the room’s timeline can be trusted: the RTT and the clock’s error bound', async () => {
		const t = await playingSetup();
		Object.assign(t.clock, { errorBoundMs: 6 });
		await t.advance(100, 33);
		expect(t.sync.driftInfo()).toMatchObject({ rttMs: 12, clockErrorMs: 6 });
	});
});

/**
 * A player modelled on Chromium's `<video>` as measured on the build machines: its media clock
 * (`currentTime`) is continuous, but presented frames step by a frame (30 fps) on ~60 Hz refreshes;
 * after a seek (or a load) `play()` gets the clock moving `startLatencyMs` later; a plain pause
 * resumes seamlessly from `pauseOverrunMs` past the position it reported (the pipeline ran on);
 * a new `playbackRate` acts `rateLatencyMs` late; a seek takes `seekMs` (with `buffering` while
 * the data is fetched when that is long).
 */
class ModelPlayer implements PlayerAdapter {
	precision: DriftKind = 'frame';
	supportsRate = true;
	status: PlayerStatus = 'loading';
	paused = true;
	seeking = false;
	muted = false;
	volume = 1;
	durationMs: number | null = null;
	startLatencyMs = 70;
	/** Latency of each start from a seek, from the front; then `startLatencyMs`. */
	startLatencies: number[] = [];
	pauseOverrunMs = 70;
	rateLatencyMs = 90;
	/** Latency of each seek, from the front; then `seekMs`. */
	seekTimes: number[] = [];
	seekMs = 20;
	readonly seeks: number[] = [];
	readonly rateWrites: { at: number; rate: number }[] = [];
	readonly plays: number[] = [];
	/** The clock reads `#base` until local time `#since`, then moves at `#rate`. */
	#base = 0;
	#since = 0;
	#rate = 1;
	#elementRate = 1;
	#pendingRate: { at: number; rate: number } | null = null;
	/** Placed by a seek or load since the last pause: a start takes `startLatencyMs`. */
	#fresh = true;
	#lastFrame = Number.NaN;
	readonly #clock: FakeClock;
	readonly #statusListeners = new Listeners<[PlayerStatus]>();
	readonly #frames = new Listeners<[number, number]>();
	readonly #seeked = new Listeners<[]>();
	readonly #ended = new Listeners<[]>();

	constructor(clock: FakeClock) {
		this.#clock = clock;
		this.#since = clock.local;
	}

	get rate(): number {
		return this.#elementRate;
	}

	#position(at: number): number {
		if (this.paused || at <= this.#since) return this.#base;
		return this.#base + (at - this.#since) * this.#rate;
	}

	/** A rate set earlier takes effect now if its time has come. */
	#settle(): void {
		const pending = this.#pendingRate;
		if (pending === null || this.#clock.local < pending.at) return;
		if (!this.paused && pending.at > this.#since) {
			this.#base = this.#position(pending.at);
			this.#since = pending.at;
		}
		this.#rate = pending.rate;
		this.#pendingRate = null;
	}

	currentMs(): number {
		this.#settle();
		return this.#position(this.#clock.local);
	}

	/** Move the media clock by `deltaMs` behind the controller's back. */
	shift(deltaMs: number): void {
		this.#settle();
		this.#base = this.#position(this.#clock.local) + deltaMs;
		this.#since = Math.max(this.#since, this.#clock.local);
	}

	load(_media: Media, options: { startMs: number }): Promise<void> {
		this.paused = true;
		this.#base = options.startMs;
		this.#fresh = true;
		return new Promise((resolve) => {
			queueMicrotask(() => {
				this.#setStatus('ready');
				resolve();
			});
		});
	}

	play(): Promise<'ok' | 'blocked'> {
		this.#settle();
		if (this.paused) {
			const now = this.#clock.local;
			this.plays.push(now);
			this.paused = false;
			if (this.#fresh) {
				this.#since = now + (this.startLatencies.shift() ?? this.startLatencyMs);
			} else {
				this.#base += this.pauseOverrunMs * this.#rate;
				this.#since = now + this.pauseOverrunMs;
			}
		}
		return Promise.resolve('ok');
	}

	pause(): void {
		this.#settle();
		if (this.paused) return;
		this.#base = this.#position(this.#clock.local);
		this.paused = true;
		this.#fresh = false;
	}

	seek(positionMs: number): void {
		this.#settle();
		this.seeks.push(positionMs);
		this.#base = positionMs;
		this.#since = this.#clock.local + (this.paused ? 0 : this.startLatencyMs);
		this.#fresh = true;
		this.seeking = true;
		const ms = this.seekTimes.shift() ?? this.seekMs;
		if (ms >= 100) this.#setStatus('buffering');
		setTimeout(() => {
			this.seeking = false;
			this.#setStatus('ready');
			this.#seeked.emit();
		}, ms);
	}

	setRate(rate: number): void {
		this.rateWrites.push({ at: this.#clock.local, rate });
		this.#settle();
		this.#elementRate = rate;
		this.#pendingRate = { at: this.#clock.local + this.rateLatencyMs, rate };
	}

	setMuted(muted: boolean): void {
		this.muted = muted;
	}
	setVolume(volume: number): void {
		this.volume = volume;
	}

	/** A display refresh: presents a new frame when the media clock has reached one. */
	refresh(): void {
		if (this.paused) return;
		const frame = Math.floor(this.currentMs() / (1000 / 30)) * (1000 / 30);
		if (frame === this.#lastFrame) return;
		this.#lastFrame = frame;
		this.#frames.emit(frame, this.#clock.local);
	}

	onStatus(callback: (status: PlayerStatus) => void): () => void {
		return this.#statusListeners.add(callback);
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
	destroy(): void {}

	#setStatus(status: PlayerStatus): void {
		this.status = status;
		this.#statusListeners.emit(status);
	}
}

function modelSetup(sync: Partial<SyncOptions> = {}) {
	const clock = new FakeClock();
	// Local time follows the fake timers exactly, also inside timer callbacks.
	const origin = clock.local - Date.now();
	Object.defineProperty(clock, 'local', { get: () => origin + Date.now() });
	const player = new ModelPlayer(clock);
	const controller = new SyncController({
		clock,
		reporter: { status: () => undefined, drift: () => undefined },
		// The latencies the model has (what a session learns within its first starts).
		options: { initialStartLeadMs: 70, initialRateLeadMs: 90, initialSeekLatencyMs: 20, ...sync },
	});
	/** Let `ms` pass in ~60 Hz refreshes (or `step`s). */
	async function advance(ms: number, step = 50 / 3): Promise<void> {
		const end = clock.local + ms;
		while (clock.local < end - 1e-9) {
			await vi.advanceTimersByTimeAsync(Math.min(step, end - clock.local));
			player.refresh();
		}
	}
	const drift = () => player.currentMs() - (controller.expectedMs() ?? Number.NaN);
	/** Writes in any 1 s window, at most. */
	const writesPerSecond = (from = 0) => {
		const times = player.rateWrites.map((w) => w.at).filter((at) => at >= from);
		return Math.max(0, ...times.map((at) => times.filter((b) => b >= at && b < at + 1000).length));
	};
	const serverNow = () => clock.serverNow();
	return { clock, player, sync: controller, advance, drift, writesPerSecond, serverNow };
}

/** Model viewers playing a room from 10 s (started 1 s ago), settled in sync. */
async function modelPlaying(sync: Partial<SyncOptions> = {}) {
	const t = modelSetup(sync);
	t.sync.setState(
		roomPlayback({ paused: false, positionMs: 10_000, anchorMs: t.serverNow() - 1000 }),
	);
	t.sync.attach(t.player);
	await t.advance(1500);
	expect(t.player.paused).toBe(false);
	expect(Math.abs(t.drift())).toBeLessThan(2);
	// Forget the joiner's cued start.
	t.player.seeks.length = 0;
	t.player.rateWrites.length = 0;
	return t;
}

describe('SyncController: against a player that behaves like Chromium’s', () => {
	it('measures drift on the continuous media clock, not on the frame being shown', async () => {
		const t = await modelPlaying();
		t.player.shift(12);
		await t.advance(1000);
		// Frames show 0–33 ms less than the clock; the drift is the clock's.
		expect(t.sync.driftInfo()?.driftMs).toBeCloseTo(12, 0);
		expect(t.player.rateWrites.filter((w) => w.rate !== 1)).toEqual([]);
	});

	it('closes a 30 ms gap with one short nudge, then rests (no rate flapping)', async () => {
		const t = await modelPlaying();
		const before = t.player.rateWrites.length;
		t.player.shift(30);
		await t.advance(10_000);
		const writes = t.player.rateWrites.slice(before);
		expect(writes.length).toBeGreaterThanOrEqual(2);
		expect(writes.length).toBeLessThanOrEqual(5);
		// Only ever slowed down, then back to 1: never the other way.
		expect(writes.filter((w) => w.rate > 1)).toEqual([]);
		expect(writes.at(-1)?.rate).toBe(1);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(8);
	});

	it('writes playbackRate a few times a second at most while closing a large gap', async () => {
		const t = await modelPlaying();
		const from = t.clock.local;
		t.player.shift(-400);
		await t.advance(6000);
		expect(t.player.seeks).toHaveLength(0);
		expect(t.writesPerSecond(from)).toBeLessThanOrEqual(4);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(8);
	});

	it('parks a paused player on the room’s position, so the next start lands on time', async () => {
		const t = await modelPlaying();
		// Pause now (as the server does), at where the room is.
		const at = t.sync.expectedMs() ?? 0;
		t.sync.setState(
			roomPlayback({ paused: true, positionMs: at, anchorMs: t.serverNow(), seq: 2 }),
		);
		await t.advance(1000);
		expect(t.player.paused).toBe(true);
		// Within a frame of it when it paused, yet placed exactly with a seek.
		expect(t.player.seeks).toEqual([at]);
		expect(t.player.currentMs()).toBe(at);
		// A scheduled play 200 ms ahead: started 70 ms early (the start latency after a seek).
		const anchorMs = t.serverNow() + 200;
		t.sync.setState(roomPlayback({ paused: false, positionMs: at, anchorMs, seq: 3 }));
		await t.advance(800);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(2);
	});

	it('lets a start made ahead of its anchor run (the room is paused until then)', async () => {
		const t = modelSetup({ initialStartLeadMs: 150 });
		t.player.startLatencyMs = 150;
		t.sync.setState(roomPlayback({ paused: true, positionMs: 5000, anchorMs: t.serverNow() }));
		t.sync.attach(t.player);
		await t.advance(500);
		const anchorMs = t.serverNow() + 400;
		t.sync.setState(roomPlayback({ paused: false, positionMs: 5000, anchorMs, seq: 2 }));
		await t.advance(1500);
		// Started once, 150 ms before the anchor, and never paused or placed again.
		expect(t.player.plays).toEqual([t.clock.toLocal(anchorMs) - 150]);
		expect(t.player.seeks).toEqual([]);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(2);
	});

	it('starts a scheduled seek at its anchor, waiting for the data after a slow seek', async () => {
		const t = await modelPlaying();
		const anchorMs = t.serverNow() + 150;
		t.sync.setState(roomPlayback({ paused: false, positionMs: 60_000, anchorMs, seq: 2 }));
		await t.advance(800);
		expect(t.player.seeks).toEqual([60_000]);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(2);
		// A seek that needs 400 ms for its data, with 150 ms of lead: cued again further ahead.
		t.player.seekTimes = [400];
		const sentAt = t.clock.local;
		t.sync.setState(
			roomPlayback({ paused: false, positionMs: 90_000, anchorMs: t.serverNow() + 150, seq: 3 }),
		);
		let together: number | null = null;
		while (t.clock.local - sentAt < 3000) {
			await t.advance(50);
			if (together === null && !t.player.paused && Math.abs(t.drift()) <= 2) {
				together = t.clock.local - sentAt;
			}
		}
		expect(t.player.seeks).toHaveLength(3);
		expect(together).not.toBeNull();
		expect(together).toBeLessThan(1500);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(2);
	});

	it('a start that lands > 80 ms off gets one more precise start instead of a long nudge', async () => {
		const t = await modelPlaying();
		// The player got slower to start than learned: 170 ms instead of 70.
		t.player.startLatencyMs = 170;
		const anchorMs = t.serverNow() + 150;
		t.sync.setState(roomPlayback({ paused: false, positionMs: 60_000, anchorMs, seq: 2 }));
		await t.advance(400);
		expect(t.player.seeks).toHaveLength(1);
		expect(t.drift()).toBeLessThan(-80);
		await t.advance(400);
		expect(t.player.seeks).toHaveLength(2);
		await t.advance(3000);
		expect(t.player.seeks).toHaveLength(2);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(8);
	});

	it('applies a rate change early by the learned latency, with few rate writes', async () => {
		const t = await modelPlaying({ initialRateLeadMs: 0 });
		const from = t.clock.local;
		const rates = [1.5, 1, 1.5, 1];
		for (const [i, rate] of rates.entries()) {
			const anchorMs = t.serverNow() + 150;
			const positionMs = t.sync.expectedMs(anchorMs) ?? 0;
			t.sync.setState(roomPlayback({ paused: false, positionMs, anchorMs, rate, seq: i + 2 }));
			await t.advance(3000);
			expect(t.player.rate).toBe(rate);
		}
		// Learned from the first switches (90 ms in the model)…
		expect(t.sync.latencies.rateLeadMs).toBeGreaterThan(60);
		// …and no storm of writes while it learned (the switch itself, then ≤ 4 nudges a second).
		expect(t.writesPerSecond(from)).toBeLessThanOrEqual(5);
		expect(t.player.seeks).toHaveLength(0);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(8);
	});

	it('lands a rate change within the dead zone once the latency is known', async () => {
		const t = await modelPlaying();
		const anchorMs = t.serverNow() + 150;
		const positionMs = t.sync.expectedMs(anchorMs) ?? 0;
		const writes = t.player.rateWrites.length;
		t.sync.setState(roomPlayback({ paused: false, positionMs, anchorMs, rate: 1.5, seq: 2 }));
		await t.advance(1000);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(2);
		expect(t.player.rateWrites.slice(writes).map((w) => w.rate)).toEqual([1.5]);
	});

	it('is not thrown by one slow start (a page’s first): the corrective start lands on time', async () => {
		const t = modelSetup({ expectedLoadMs: 0 });
		// The very first play() of a page can take several times the usual latency.
		t.player.startLatencies = [400];
		t.sync.setState(
			roomPlayback({ paused: false, positionMs: 10_000, anchorMs: t.serverNow() - 5000 }),
		);
		t.sync.attach(t.player);
		await t.advance(500);
		expect(t.drift()).toBeLessThan(-300);
		await t.advance(1000);
		// Started again (precisely: the learned start latency ignored the outlier).
		expect(t.player.plays).toHaveLength(2);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(2);
		expect(t.sync.latencies.startLeadMs).toBe(70);
	});

	it('a late joiner whose first seek is slow is cued again and starts precisely', async () => {
		const t = modelSetup({ expectedLoadMs: 0 });
		t.player.seekTimes = [700];
		t.sync.setState(
			roomPlayback({ paused: false, positionMs: 10_000, anchorMs: t.serverNow() - 5000 }),
		);
		t.sync.attach(t.player);
		// Opened where the room already is: a cued start, whose seek is slow (700 ms); cued again
		// 1.5 × that (+ the start latency + 50 ms) ahead, started when the room gets there.
		await t.advance(1950);
		expect(t.player.seeks).toHaveLength(2);
		expect(t.player.paused).toBe(false);
		expect(Math.abs(t.drift())).toBeLessThanOrEqual(2);
	});
});
