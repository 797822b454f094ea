/** Writes one benchmark's section into docs/benchmarks.md, replacing only that section. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FILE = new URL('../../../docs/benchmarks.md', import.meta.url);
const HEADER = `# Benchmarks

Figures measured by \`pnpm bench\` (each benchmark can run alone: \`pnpm bench:sync\`, \`pnpm bench:fanout\`). Benchmarks report; tests assert behaviour. Every section says where and when it was measured.
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
