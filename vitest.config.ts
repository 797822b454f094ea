import { defineConfig } from 'vitest/config';

// One vitest run covers the shared, server and web packages (each has its own config).
export default defineConfig({
	test: {
		projects: ['packages/shared', 'packages/server', 'packages/web', 'packages/fake-bilibili'],
	},
});
