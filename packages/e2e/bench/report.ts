/**
 * The sync benchmark's report: a markdown section for docs/benchmarks.md (between marker comments,
 * so other benchmarks keep their own sections) and the same table for stdout.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { COMMAND_KINDS, type BenchParams, type ScenarioResult } from './scenario.js';
import { median } from './stats.js';

export const TARGETS = { driftP95Ms: 40, commandMs: 1500, lateJoinMs: 2000 };
const START = '<!-- bench:Sync:start -->';
const END = '<!-- bench:Sync:end -->';

export interface RunInfo {
	date: string;
	commit: string;
	cpu: string;
	cores: number;
	ramGiB: number;
	os: string;
	node: string;
	chromium: string;
	proxy: { meanMs: number; jitterMs: number };
	viewport: string;
	/** 1-minute load average before and after the run (other work on the machine skews figures). */
	load: [number, number];
	/** The BENCH_* settings of this run, as a shell prefix ('' for the defaults). */
	settings: string;
}

const HEADER = `# Benchmarks

Figures, not pass/fail tests: \`pnpm bench\` builds the app and runs every benchmark; each one
rewrites only its own section below (between its marker comments). Numbers depend on the
machine, which each section names.

| benchmark | command | measures |
|---|---|---|
| Sync | \`pnpm bench:sync\` | inter-viewer drift of real Chromium viewers in steady state, time to re-converge after seek / pause+play / rate, late-join time, also through a proxy adding 100 ± 50 ms each way (design §3 targets) |
`;

const ms = (value: number | null | undefined, digits = 0) =>
	value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);

function medMax(times: readonly (number | null)[]): string {
	const done = times.filter((t): t is number => t !== null);
	const missed = times.length - done.length;
	if (times.length === 0) return '–';
	const base = done.length ? `${ms(median(done))} / ${ms(Math.max(...done))}` : '–';
	return missed ? `${base} (${missed}/${times.length} not converged)` : base;
}

function verdicts(r: ScenarioResult): string {
	const parts: string[] = [];
	if (r.steady) parts.push(`drift ${r.steady.p95 <= TARGETS.driftP95Ms ? 'yes' : 'no'}`);
	const slow = COMMAND_KINDS.filter((kind) =>
		r.commands[kind].some((t) => t === null || t > TARGETS.commandMs),
	);
	const measured = COMMAND_KINDS.some((kind) => r.commands[kind].length > 0);
	if (measured) parts.push(slow.length ? `commands no (${slow.join(', ')})` : 'commands yes');
	if (r.lateJoinMs !== undefined) {
		const ok = r.lateJoinMs !== null && r.lateJoinMs <= TARGETS.lateJoinMs;
		parts.push(`join ${ok ? 'yes' : 'no'}`);
	}
	return parts.join(', ') || 'not measured';
}

/** The main table (also printed to stdout). */
export function resultsTable(results: readonly ScenarioResult[]): string {
	const target = `p95 ≤ ${TARGETS.driftP95Ms}; cmd ≤ ${TARGETS.commandMs}; join ≤ ${TARGETS.lateJoinMs}`;
	const rows = [
		'| scenario | viewers | p50 (ms) | p95 (ms) | max (ms) | seek med / max (ms) | pause+play med / max (ms) | rate med / max (ms) | late join (ms) | target (ms) | met? |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
	];
	for (const r of results) {
		const join = r.lateJoinMs === null ? 'not converged' : ms(r.lateJoinMs);
		rows.push(
			`| ${r.name} | ${r.viewers} | ${ms(r.steady?.p50, 1)} | ${ms(r.steady?.p95, 1)} | ${ms(r.steady?.max, 1)} | ${medMax(r.commands.seek)} | ${medMax(r.commands['pause+play'])} | ${medMax(r.commands.rate)} | ${join} | ${target} | ${verdicts(r)} |`,
		);
	}
	return rows.join('\n');
}

function roomOffsetCell({ meanByViewer, p95Abs }: { meanByViewer: number[]; p95Abs: number }) {
	const means = meanByViewer.map((m) =>
		Number.isNaN(m) ? '?' : `${m >= 0 ? '+' : ''}${m.toFixed(0)}`,
	);
	return `${means.join(' ')}; p95 ${ms(p95Abs, 0)}`;
}

function diagnosticsTable(results: readonly ScenarioResult[]): string {
	const rows = [
		'| scenario | first play (ms) | pause spread max (ms) | hard seeks in steady state | stalls | frames at a nudged rate | currentTime drift p95 / max (ms) | app-reported \\|drift\\| p95 (ms) | clock-sync error p95 / max (ms) | vs room timeline: mean per viewer, p95 \\|offset\\| (ms) | sample coverage | clock skew (ms) |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|',
	];
	for (const r of results) {
		const s = r.steady;
		const spread = r.pauseSpreadMs.length ? Math.max(...r.pauseSpreadMs) : null;
		rows.push(
			`| ${r.name} | ${r.startupMs === null ? 'not converged' : ms(r.startupMs)} | ${ms(spread)} | ${s?.hardSeeks ?? '–'} | ${s?.stalls ?? '–'} | ${s ? `${(s.nudgedShare * 100).toFixed(0)} %` : '–'} | ${s ? `${ms(s.clock.p95, 1)} / ${ms(s.clock.max, 1)}` : '–'} | ${ms(s?.appDriftP95, 1)} | ${s ? `${ms(s.clockErrorP95, 1)} / ${ms(s.clockErrorMax, 1)}` : '–'} | ${s ? roomOffsetCell(s.roomOffset) : '–'} | ${s ? `${(s.coverage * 100).toFixed(1)} %` : '–'} | ${ms(s?.maxSkewMs, 2)} |`,
		);
	}
	return rows.join('\n');
}

export function syncSection(
	results: readonly ScenarioResult[],
	info: RunInfo,
	params: BenchParams,
): string {
	const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.name}: ${n}`));
	return `${START}
## Sync

Run ${info.date} at commit \`${info.commit}\` on ${info.cpu} (${info.cores} cores, ${info.ramGiB} GiB RAM, ${info.os}), Node ${info.node}, Chromium ${info.chromium}; 1-minute load average ${info.load[0].toFixed(2)} before, ${info.load[1].toFixed(2)} after. All viewers are headless Chromium pages (${info.viewport}, \`--autoplay-policy=no-user-gesture-required\`) on this one machine, playing a 2-minute 640×360 30 fps H.264/AAC MP4 from a local HTTP host.

**Method.** Every viewer records each presented frame with \`requestVideoFrameCallback\` as (wall time = \`performance.timeOrigin + expectedDisplayTime\`, calibrated per page against \`Date.now()\`; media time). Traces are resampled every 50 ms (linear interpolation between neighbouring frames, no value across gaps > 200 ms), and drift is |media A − media B| over every viewer pair and instant. Steady state: ${params.steadyS} s after a 3 s settle. Re-convergence: time from the control's click/change on the first viewer until every viewer showed the command's effect and all pairs stayed within ${params.commandToleranceMs} ms for ${params.holdMs} ms (timeout ${params.commandTimeoutMs / 1000} s); ${params.rounds} rounds of seek to a random point, pause then play (timed from the play), and rate 1 → 1.5 → 1 (both changes counted). Late join: a new viewer opens mid-play; time from its video's first \`canplay\` until it is within ${params.joinToleranceMs} ms of every other viewer for ${params.holdMs} ms. The delayed scenario sends each viewer's HTTP and Socket.IO traffic through a TCP proxy adding ${info.proxy.meanMs} ± ${info.proxy.jitterMs} ms (uniform) each way without reordering; media come straight from the media host.

${resultsTable(results)}

Diagnostics: first play = from pressing play on a freshly loaded, paused video (3 s after it loaded) to all within ${params.commandToleranceMs} ms; pause spread = positions of the paused videos 1 s after pausing; hard seeks and stalls = \`seeking\` / \`waiting\` events during the steady window, summed over viewers; nudged = frames presented at a \`playbackRate\` other than 1; currentTime drift = the steady-state comparison repeated on \`video.currentTime\` sampled every 20 ms (the continuous media clock: frames are 33 ms apart and shown on 16.7 ms vsyncs, so the frame-based figure cannot see a constant offset smaller than that quantisation); app-reported drift = \`window.__vt.drift()\` sampled each second; clock-sync error = |\`__vt.serverNow()\` − \`Date.now()\`| sampled each second (the server runs on this machine, so its clock is the pages' clock and any difference is the app's clock-sync error); vs room timeline = \`currentTime\` minus the room's expected position (from \`__vt.serverNow()\`/\`__vt.expectedMs()\` pairs, which lie on the room's timeline whatever the page's clock error; positive = ahead): the mean per viewer shows a common lag or lead that inter-viewer figures cannot; coverage = share of (instant, viewer) slots with a value; clock skew = largest change of a page's wall-clock calibration during the run.

${diagnosticsTable(results)}
${notes.length ? `\nNotes:\n\n${notes.join('\n')}\n` : ''}
Reproduce: \`pnpm build && ${info.settings ? `${info.settings} ` : ''}pnpm bench:sync\` (or \`pnpm bench\`).
${END}`;
}

/** Replace (or add) the sync section of `path`, creating the file with its header if needed. */
export function writeSection(path: string, section: string): void {
	mkdirSync(dirname(path), { recursive: true });
	const current = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
	const start = current.indexOf(START);
	const end = current.indexOf(END);
	const next =
		start >= 0 && end > start
			? `${current.slice(0, start)}${section}${current.slice(end + END.length)}`
			: `${current.trimEnd()}\n\n${section}\n`;
	writeFileSync(path, next);
}
