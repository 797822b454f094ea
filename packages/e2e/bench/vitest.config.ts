import { defineConfig } from 'vitest/config';

// The benchmark's pure helpers only (not the Playwright specs, not the root's unit projects):
// `pnpm --filter @videotogether/e2e bench:unit`.
export default defineConfig({
	cacheDir: '../node_modules/.vite-bench',
	test: {
		root: import.meta.dirname,
		include: ['**/*.test.ts'],
	},
});
