/**
 * One benchmark scenario: N viewers log in, the sample MP4 is loaded and played, then steady-state
 * drift, a late joiner, and re-convergence after seek / pause+play / rate commands are measured.
 * A failing step is noted in the result and the scenario goes on with the next one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import {
	fmt,
	lateJoin,
	pausePlayRound,
	rateRound,
	seekRound,
	steadyState,
	timeToConverge,
	type RoundContext,
} from './measure.js';
import { log, sleep } from './processes.js';
import type { DriftSummary } from './stats.js';
import {
	closeViewer,
	command,
	loadMedia,
	openViewer,
	pullAll,
	waitForAll,
	type Viewer,
} from './viewers.js';

export const COMMAND_KINDS = ['seek', 'pause+play', 'rate'] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

export interface BenchParams {
	password: string;
	mediaUrl: string;
	steadyS: number;
	rounds: number;
	/** "Together" after a command: every pair within this. */
	commandToleranceMs: number;
	joinToleranceMs: number;
	holdMs: number;
	commandTimeoutMs: number;
}

export interface ScenarioResult {
	name: string;
	viewers: number;
	/** Through the latency proxy? */
	delayed: boolean;
	steady:
		| (DriftSummary & {
				/** The same comparison on `currentTime` (sub-frame resolution). */
				clock: DriftSummary;
				seconds: number;
				hardSeeks: number;
				stalls: number;
				nudgedShare: number;
				appDriftP95: number;
				/** |`__vt.serverNow()` − wall clock|, sampled each second. */
				clockErrorP95: number;
				clockErrorMax: number;
				/** currentTime − the room's timeline: mean per viewer, p95 of |offset|. */
				roomOffset: { meanByViewer: number[]; p95Abs: number };
				maxSkewMs: number;
		  })
		| null;
	/** Time to re-converge per command, ms (null: not within the timeout). */
	commands: Record<CommandKind, (number | null)[]>;
	startupMs: number | null;
	/** undefined: not measured. */
	lateJoinMs: number | null | undefined;
	pauseSpreadMs: number[];
	notes: string[];
}

const message = (error: unknown) =>
	(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** Run `step`; on failure note it and return undefined. */
async function attempt<T>(
	result: ScenarioResult,
	what: string,
	step: () => Promise<T>,
): Promise<T | undefined> {
	try {
		return await step();
	} catch (error) {
		log(`  ${what} failed: ${message(error)}`);
		result.notes.push(`${what} failed: ${message(error)}`);
		return undefined;
	}
}

/** Play from paused on the controller and time how long until everyone plays together. */
async function firstPlay(ctx: RoundContext): Promise<number | null> {
	const { viewers } = ctx;
	const [controller] = viewers as [Viewer];
	await waitForAll(viewers, 'the video is loaded', (s) => (s.readyState ?? 0) >= 2, 30_000);
	await waitForAll(viewers, 'the video is paused', (s) => s.paused === true, 10_000);
	await sleep(3_000); // the clock sync's quick start-up pings
	await pullAll(viewers);
	const playAt = await command(controller, 'control-play', (page) =>
		page.getByTestId('control-play').click({ timeout: 5_000 }),
	);
	return timeToConverge(ctx, 'first play', playAt);
}

/** Raw traces for a closer look (BENCH_DUMP=dir). */
function dump(dir: string, result: ScenarioResult, viewers: Viewer[]): void {
	const file = join(dir, `sync-${result.delayed ? 'delayed' : 'direct'}-${result.viewers}.json`);
	const raw = viewers.map(({ name, frames, clock, timeline, events, actions }) => {
		return { name, frames, clock, timeline, events, actions };
	});
	writeFileSync(file, JSON.stringify({ result, viewers: raw }));
	log(`  raw traces: ${file}`);
}

/** Run one scenario with `count` viewers at `baseUrl` (the app, or the latency proxy). */
export async function runScenario(
	browser: Browser,
	name: string,
	baseUrl: string,
	count: number,
	params: BenchParams,
	delayed = false,
): Promise<ScenarioResult> {
	log(`scenario "${name}": ${count} viewers via ${baseUrl}`);
	const viewers: Viewer[] = [];
	const joiners: Viewer[] = [];
	const result: ScenarioResult = {
		name,
		viewers: count,
		delayed,
		steady: null,
		commands: { seek: [], 'pause+play': [], rate: [] },
		startupMs: null,
		lateJoinMs: undefined,
		pauseSpreadMs: [],
		notes: [],
	};
	const ctx: RoundContext = {
		viewers,
		params,
		notes: result.notes,
		pauseSpreadMs: result.pauseSpreadMs,
	};
	try {
		for (let i = 0; i < count; i += 1) {
			viewers.push(await openViewer(browser, baseUrl, `Viewer ${i + 1}`, params.password));
		}
		log(`  ${count} viewers logged in; loading ${params.mediaUrl}`);
		await loadMedia(viewers[0] as Viewer, params.mediaUrl);
		result.startupMs = await firstPlay(ctx);
		log(`  first play: ${fmt(result.startupMs)}`);

		result.steady =
			(await attempt(result, 'steady state', () => steadyState(viewers, params))) ?? null;
		const s = result.steady;
		if (s)
			log(`  drift p50 ${s.p50.toFixed(1)} / p95 ${s.p95.toFixed(1)} / max ${s.max.toFixed(1)} ms`);

		result.lateJoinMs = await attempt(result, 'late join', () =>
			lateJoin(browser, baseUrl, viewers, params, joiners),
		);
		if (result.lateJoinMs !== undefined) log(`  late joiner: ${fmt(result.lateJoinMs)}`);
		if (result.lateJoinMs === null) {
			result.notes.push(`late joiner: not within ${params.joinToleranceMs} ms of everyone in 30 s`);
		}

		for (let round = 1; round <= params.rounds; round += 1) {
			log(`  commands, round ${round}/${params.rounds}`);
			const steps: [CommandKind, () => Promise<(number | null)[]>][] = [
				['seek', async () => [await seekRound(ctx, round)]],
				['pause+play', async () => [await pausePlayRound(ctx, round)]],
				['rate', async () => [await rateRound(ctx, 1.5, round), await rateRound(ctx, 1, round)]],
			];
			for (const [kind, run] of steps) {
				const times = await attempt(result, `${kind} (round ${round})`, run);
				if (times) result.commands[kind].push(...times);
				await sleep(1_000);
			}
		}
	} catch (error) {
		log(`  scenario "${name}" stopped early: ${message(error)}`);
		result.notes.push(`stopped early: ${message(error)}`);
	} finally {
		if (process.env.BENCH_DUMP) dump(process.env.BENCH_DUMP, result, [...viewers, ...joiners]);
		await Promise.all(viewers.map((viewer) => closeViewer(viewer)));
	}
	return result;
}
