// Bundles the server (inlining the source-only @videotogether/shared package) into dist/server.js
// and copies the built SPA next to it (dist/public), so `node dist/server.js` serves everything.
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {});

rmSync('dist', { recursive: true, force: true });
await build({
	entryPoints: ['src/server.ts'],
	outfile: 'dist/server.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	sourcemap: true,
	external,
	logLevel: 'warning',
});

const webDist = new URL('../web/dist/', import.meta.url);
if (existsSync(new URL('index.html', webDist))) {
	cpSync(webDist, 'dist/public', { recursive: true });
} else {
	console.warn(
		'packages/web/dist is missing: the server will serve a "not built" page. Run `pnpm build` at the root.',
	);
}
