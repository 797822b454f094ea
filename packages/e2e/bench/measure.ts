/**
 * The measurements inside a scenario: time to re-converge after a command, steady-state drift,
 * the late joiner. Each pulls frame samples from the pages while it waits, with a time limit.
 */
import type { Browser } from '@playwright/test';
import { log, sleep } from './processes.js';
import type { BenchParams, ScenarioResult } from './scenario.js';
import {
	allShowedAfter,
	allWithin,
	convergedAt,
	driftSummary,
	joinerWithin,
	nudgedShare,
	percentile,
	roomOffsets,
	type Frame,
} from './stats.js';
import {
	closeViewer,
	command,
	openViewer,
	pull,
	pullAll,
	selectRate,
	videoState,
	waitForAll,
	type Viewer,
} from './viewers.js';

type Steady = NonNullable<ScenarioResult['steady']>;

/** What the command rounds share: the viewers (the first one clicks), settings, and notes. */
export interface RoundContext {
	viewers: Viewer[];
	params: BenchParams;
	notes: string[];
	pauseSpreadMs: number[];
}

const lastWall = (frames: readonly Frame[]) => frames.at(-1)?.wallMs ?? 0;

/**
 * Pull samples until every viewer showed a frame satisfying `effect` after `sentAt` and then all
 * stayed within `toleranceMs` for the hold; ms from `sentAt`, or null after the timeout (noted
 * with how far apart the viewers still were).
 */
export async function timeToConverge(
	{ viewers, params, notes }: RoundContext,
	what: string,
	sentAt: number,
	effect?: (frame: Frame) => boolean,
): Promise<number | null> {
	const traces = () => viewers.map((v) => v.frames);
	while (Date.now() < sentAt + params.commandTimeoutMs + params.holdMs) {
		await sleep(400);
		await pullAll(viewers);
		const effective = allShowedAfter(traces(), sentAt, effect);
		if (effective === null) continue;
		const at = convergedAt(traces(), {
			fromMs: effective,
			dataEndMs: Math.min(...traces().map(lastWall)),
			ok: (values) => allWithin(values, params.commandToleranceMs),
			holdMs: params.holdMs,
		});
		if (at !== null && at - sentAt <= params.commandTimeoutMs) return at - sentAt;
	}
	const end = Math.min(...traces().map(lastWall));
	const tail = driftSummary(traces(), end - 2_000, end);
	const applied = allShowedAfter(traces(), sentAt, effect) !== null;
	notes.push(
		`${what}: not within ${params.commandToleranceMs} ms after ${params.commandTimeoutMs / 1000} s` +
			(applied
				? `; over the last 2 s pairs were p50 ${tail.p50.toFixed(0)} / max ${tail.max.toFixed(0)} ms apart`
				: '; not every viewer showed the change'),
	);
	return null;
}

export const fmt = (ms: number | null) => (ms === null ? 'not converged' : `${Math.round(ms)} ms`);

export async function steadyState(viewers: Viewer[], params: BenchParams): Promise<Steady> {
	await sleep(3_000); // let the start-up correction finish
	await pullAll(viewers);
	const from = Date.now();
	const to = from + params.steadyS * 1000;
	const appDrift: number[] = [];
	const clockError: number[] = [];
	log(`  steady state for ${params.steadyS} s…`);
	while (Date.now() < to) {
		await sleep(Math.min(1_000, Math.max(0, to - Date.now())));
		await pullAll(viewers);
		for (const { drift, clockErrorMs } of await Promise.all(viewers.map((v) => videoState(v)))) {
			if (typeof drift?.driftMs === 'number') appDrift.push(Math.abs(drift.driftMs));
			if (typeof clockErrorMs === 'number') clockError.push(Math.abs(clockErrorMs));
		}
	}
	await sleep(300);
	await pullAll(viewers);
	const inside = (e: { wallMs: number }) => e.wallMs >= from && e.wallMs <= to;
	const events = viewers.flatMap((v) => v.events.filter(inside));
	return {
		...driftSummary(
			viewers.map((v) => v.frames),
			from,
			to,
		),
		clock: driftSummary(
			viewers.map((v) => v.clock),
			from,
			to,
		),
		seconds: params.steadyS,
		hardSeeks: events.filter((e) => e.type === 'seeking').length,
		stalls: events.filter((e) => e.type === 'waiting').length,
		nudgedShare:
			viewers.reduce((sum, v) => sum + nudgedShare(v.frames, from, to, 1), 0) / viewers.length,
		appDriftP95: percentile(appDrift, 95),
		clockErrorP95: percentile(clockError, 95),
		roomOffset: roomOffsets(
			viewers.map((v) => v.clock),
			viewers.map((v) => v.timeline),
			from,
			to,
		),
		clockErrorMax: clockError.length ? Math.max(...clockError) : Number.NaN,
		maxSkewMs: Math.max(...viewers.map((v) => v.maxSkewMs)),
	};
}

export async function lateJoin(
	browser: Browser,
	baseUrl: string,
	viewers: Viewer[],
	params: BenchParams,
	joiners: Viewer[] = [],
): Promise<number | null> {
	log('  late joiner…');
	const joiner = await openViewer(browser, baseUrl, 'Late', params.password);
	joiners.push(joiner);
	try {
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			await sleep(400);
			await pullAll([joiner, ...viewers]);
			const ready = joiner.firstCanplayWall ?? joiner.firstFrameWall;
			if (ready === null) continue;
			const traces = [joiner, ...viewers].map((v) => v.frames);
			const at = convergedAt(traces, {
				fromMs: ready,
				dataEndMs: Math.min(...traces.map(lastWall)),
				ok: (values) => joinerWithin(values, params.joinToleranceMs),
				holdMs: params.holdMs,
			});
			if (at !== null) return at - ready;
		}
		return null;
	} finally {
		await closeViewer(joiner);
	}
}

/** Seek to a random whole second at least 15 s away, then wait for everyone to follow. */
export async function seekRound(ctx: RoundContext, round: number): Promise<number | null> {
	const [controller] = ctx.viewers as [Viewer, ...Viewer[]];
	await pull(controller);
	const now = controller.frames.at(-1)?.mediaMs ?? 0;
	let target = now;
	while (Math.abs(target - now) < 15_000) target = (10 + Math.floor(Math.random() * 90)) * 1000;
	const sentAt = await command(controller, 'control-seek', (page) =>
		page.getByTestId('control-seek').fill(String(target), { timeout: 5_000 }),
	);
	const what = `seek to ${target / 1000} s (round ${round})`;
	const ms = await timeToConverge(ctx, what, sentAt, (f) => {
		return f.mediaMs >= target - 250 && f.mediaMs <= target + 5_000;
	});
	log(`    ${what}: ${fmt(ms)}`);
	return ms;
}

/** Pause, note how far apart the paused videos are a second later, play: time the play. */
export async function pausePlayRound(ctx: RoundContext, round: number): Promise<number | null> {
	const { viewers } = ctx;
	const [controller] = viewers as [Viewer, ...Viewer[]];
	const click = (page: Viewer['page']) =>
		page.getByTestId('control-play').click({ timeout: 5_000 });
	await command(controller, 'control-play', click);
	await waitForAll(viewers, 'everyone paused', (s) => s.paused === true, 10_000);
	await sleep(1_000);
	const positions = (await Promise.all(viewers.map((v) => videoState(v)))).map(
		(s) => s.currentMs ?? 0,
	);
	const spread = Math.max(...positions) - Math.min(...positions);
	ctx.pauseSpreadMs.push(spread);
	await pullAll(viewers);
	const sentAt = await command(controller, 'control-play', click);
	const ms = await timeToConverge(ctx, `play after pause (round ${round})`, sentAt);
	log(`    pause (spread ${Math.round(spread)} ms) + play (round ${round}): ${fmt(ms)}`);
	return ms;
}

/** Change the rate on the controller and wait until every viewer plays at it, together. */
export async function rateRound(ctx: RoundContext, rate: number, round: number) {
	const [controller] = ctx.viewers as [Viewer, ...Viewer[]];
	const sentAt = await command(controller, 'control-rate', (page) => selectRate(page, rate));
	const what = `rate → ${rate}× (round ${round})`;
	const ms = await timeToConverge(ctx, what, sentAt, (f) => Math.abs(f.rate / rate - 1) < 0.1);
	log(`    ${what}: ${fmt(ms)}`);
	return ms;
}
