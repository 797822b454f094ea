import type { DriftReport, PlayerStatusReport, RoomPlayback } from '@videotogether/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock, FakePlayer, MEDIA, roomPlayback } from '../../test/fake-player.js';
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
		perfToLocal: (p) => p,
		options: { initialSeekLatencyMs: 0, initialStartLeadMs: 0, expectedLoadMs: 0, ...options.sync },
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
		expect((t.player.seeks[0] ?? 0) - t.expected()).toBe(250);
		expect(t.player.paused).toBe(true);
		await t.advance(249, 1);
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
		await t.advance(231, 33);
		expect(t.player.seeks).toHaveLength(1);
		expect(t.player.paused).toBe(true);
		// Aimed 2 × the expected seek latency + 50 ms ahead (at least 250 ms).
		const ahead = (t.player.seeks[0] ?? 0) - t.expected();
		expect(ahead).toBeGreaterThan(250);
		expect(ahead).toBeLessThanOrEqual(290);
		expect(t.sync.snapshot.correcting).toBe('seek');
		await t.advance(ahead + 2, 1);
		expect(t.player.paused).toBe(false);
		expect(Math.abs(t.player.currentMs() - t.expected())).toBeLessThanOrEqual(1);
	});

	it('does not seek again during the cooldown after a seek', async () => {
		const t = await playingSetup();
		t.player.shift(-3000);
		await t.advance(231, 33);
		expect(t.player.seeks).toHaveLength(1);
		await t.advance(400, 10);
		expect(t.player.paused).toBe(false);
		t.player.shift(-3000);
		await t.advance(400, 33);
		expect(t.player.seeks).toHaveLength(1);
		await t.advance(800, 33);
		expect(t.player.seeks).toHaveLength(2);
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

	it('measures drift on the frame presentation time, not the moment it runs', async () => {
		const t = await playingSetup();
		for (let i = 0; i < 9; i += 1) {
			await t.advance(33, 33, false);
			// A frame shown 16 ms from now, 40 ms ahead of where the room will be then.
			const displayAt = t.clock.local + 16;
			const roomThen = t.sync.expectedMs(t.clock.serverNow(displayAt)) ?? 0;
			t.player.frameAt(roomThen + 40, displayAt);
		}
		expect(t.sync.driftInfo()?.driftMs).toBeCloseTo(40, 5);
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
});

describe('SyncController: autoplay', () => {
	it('reports autoplay-blocked and needs a gesture when the browser refuses to play', async () => {
		const t = setup();
		t.player.playResults = ['blocked'];
		t.sync.setState(t.state({ paused: false, positionMs: 0 }, 1000));
		t.sync.attach(t.player);
		await t.advance(100);
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
		await t.advance(100);
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
