/**
 * Writes one benchmark's section into docs/benchmarks.md, replacing only that section; plus the
 * small formatting helpers every section uses.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

const FILE = new URL('../../../docs/benchmarks.md', import.meta.url);
const HEADER = `# Benchmarks

Figures measured by \`pnpm bench\` (each benchmark can run alone: \`pnpm bench:sync\`, \`pnpm bench:fanout\`, \`pnpm bench:proxy\`). Benchmarks report; tests assert behaviour. Every section says where and when it was measured.
`;

export function writeSection(name: string, body: string): void {
	const start = `<!-- bench:${name}:start -->`;
	const end = `<!-- bench:${name}:end -->`;
	const section = `${start}\n## ${name}\n\n${body}\n${end}`;
	let doc = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
	const from = doc.indexOf(start);
	const to = doc.indexOf(end);
	doc =
		from >= 0 && to > from
			? `${doc.slice(0, from)}${section}${doc.slice(to + end.length)}`
			: `${doc.trimEnd()}\n\n${section}\n`;
	writeFileSync(FILE, doc);
}

/** The value at percentile `p` (0–100) of an ascending array; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** A table cell: fixed digits, or an em dash for no value. */
export const fmt = (n: number | null, digits = 1) =>
	n === null || Number.isNaN(n) ? '—' : n.toFixed(digits);

/** CPU model × cores, memory, kernel and Node version. */
export function machine(): string {
	const gib = (totalmem() / 2 ** 30).toFixed(0);
	const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
	return `${cpu} × ${cpus().length}, ${gib} GiB, Linux ${release()}, Node ${process.version}`;
}

/** The 1-minute load average, two decimals. */
export const load1 = () => (loadavg()[0] ?? Number.NaN).toFixed(2);

/** The short hash of the checked-out commit, or `unknown`. */
export function commit(): string {
	try {
		return execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
	} catch {
		return 'unknown';
	}
}
