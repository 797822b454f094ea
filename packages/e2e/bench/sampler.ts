/**
 * The script injected into every viewer page (plain JavaScript in a string, so that nothing the
 * TypeScript runner adds leaks into the page). It watches for `video[data-testid=player-video]`,
 * records every presented frame through `requestVideoFrameCallback`, `currentTime` every 20 ms
 * while playing (sub-frame resolution), the video's events, and the
 * moment the user clicks or changes a control — all in the page's `performance.now()` time.
 * `window.__bench.take()` hands over what was recorded since the last call, with the origin that
 * turns page time into wall time (calibrated against `Date.now()` at a millisecond edge, so all
 * pages share one clock).
 */
export const SAMPLER_SCRIPT = String.raw`(() => {
	if (window.__bench) return;
	const S = { frames: [], clock: [], timeline: [], events: [], actions: [], video: null, firstCanplay: null, firstFrame: null, attachments: 0 };
	const calibrate = () => {
		const begin = performance.now();
		let d0 = Date.now();
		while (performance.now() - begin < 4) {
			const d = Date.now();
			const p = performance.now();
			if (d !== d0) return d - p;
			d0 = d;
		}
		return Date.now() - performance.now();
	};
	const VIDEO_EVENTS = ['loadstart', 'canplay', 'playing', 'waiting', 'seeking', 'seeked', 'pause', 'play', 'ratechange', 'stalled', 'emptied', 'error'];
	const attach = (v) => {
		S.video = v;
		S.attachments += 1;
		S.events.push(['attach', performance.now(), v.currentTime * 1000, v.playbackRate]);
		if (v.readyState >= 3 && S.firstCanplay === null) S.firstCanplay = performance.now();
		for (const type of VIDEO_EVENTS) {
			v.addEventListener(type, () => {
				const t = performance.now();
				if (type === 'canplay' && S.firstCanplay === null) S.firstCanplay = t;
				S.events.push([type, t, v.currentTime * 1000, v.playbackRate]);
			});
		}
		const onFrame = (_now, md) => {
			if (S.video !== v) return;
			S.frames.push([md.expectedDisplayTime, md.mediaTime * 1000, v.playbackRate]);
			if (S.firstFrame === null) S.firstFrame = md.expectedDisplayTime;
			v.requestVideoFrameCallback(onFrame);
		};
		if (typeof v.requestVideoFrameCallback === 'function') v.requestVideoFrameCallback(onFrame);
	};
	const scan = () => {
		const v = document.querySelector('video[data-testid="player-video"]');
		if (v && v !== S.video) attach(v);
	};
	new MutationObserver(scan).observe(document, { childList: true, subtree: true });
	setInterval(scan, 250);
	setInterval(() => {
		const v = S.video;
		if (v && !v.paused && !v.seeking && v.readyState >= 2) S.clock.push([performance.now(), v.currentTime * 1000, v.playbackRate]);
	}, 20);
	setInterval(() => {
		// The room's timeline as this page computes it: exact whatever the page's clock error.
		const vt = window.__vt;
		try {
			const e = vt && vt.expectedMs ? vt.expectedMs() : null;
			if (e !== null && e !== undefined) S.timeline.push([vt.serverNow(), e]);
		} catch (err) { /* not ready */ }
	}, 250);
	for (const type of ['click', 'change']) {
		document.addEventListener(type, (e) => {
			const el = e.target && e.target.closest ? e.target.closest('[data-testid]') : null;
			if (el) S.actions.push([type, el.getAttribute('data-testid'), performance.now()]);
		}, true);
	}
	let offset = null;
	window.__bench = {
		take() {
			// Each reading can only be late, never early: the largest of a few is the best.
			const fresh = Math.max(calibrate(), calibrate(), calibrate());
			offset = offset === null ? fresh : offset;
			const out = {
				toWall: offset,
				originDelta: offset - performance.timeOrigin,
				skew: fresh - offset,
				frames: S.frames, clock: S.clock, timeline: S.timeline, events: S.events, actions: S.actions,
				firstCanplay: S.firstCanplay, firstFrame: S.firstFrame,
				attachments: S.attachments,
			};
			S.frames = []; S.clock = []; S.timeline = []; S.events = []; S.actions = [];
			return out;
		},
		state() {
			const v = S.video;
			const vt = window.__vt;
			let drift = null;
			let clockErrorMs = null;
			try { drift = vt && vt.drift ? vt.drift() : null; } catch (e) { drift = null; }
			// The server runs on this machine: its clock is ours, so this is the sync's own error.
			try { clockErrorMs = vt && vt.serverNow ? vt.serverNow() - Date.now() : null; } catch (e) { clockErrorMs = null; }
			return v ? { present: true, paused: v.paused, currentMs: v.currentTime * 1000,
				rate: v.playbackRate, readyState: v.readyState, drift, clockErrorMs } : { present: false, drift, clockErrorMs };
		},
	};
})();`;

/** What `take()` returns. Times are page `performance.now()` values; add `toWall`. */
export interface SamplerBatch {
	/** Page time 0 on the wall clock (≈ `performance.timeOrigin`, calibrated against `Date.now()`). */
	toWall: number;
	/** Calibrated origin − `performance.timeOrigin`, ms. */
	originDelta: number;
	/** How far a fresh calibration moved from the first one, ms (a sanity check). */
	skew: number;
	frames: [number, number, number][];
	/** `currentTime` every 20 ms while playing: the (continuous) media clock, not just frames. */
	clock: [number, number, number][];
	/** [`__vt.serverNow()`, `__vt.expectedMs()`] every 250 ms: points on the room's timeline. */
	timeline: [number, number][];
	events: [string, number, number, number][];
	actions: [string, string, number][];
	firstCanplay: number | null;
	firstFrame: number | null;
	attachments: number;
}

/** What `state()` returns. */
export interface SamplerState {
	present: boolean;
	paused?: boolean;
	currentMs?: number;
	rate?: number;
	readyState?: number;
	drift: { driftMs: number; kind: string; correcting: string } | null;
	/** `__vt.serverNow()` − `Date.now()`: the page's clock-sync error (the server is local). */
	clockErrorMs: number | null;
}
