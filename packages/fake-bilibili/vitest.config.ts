import { defineProject } from 'vitest/config';

export default defineProject({
	test: {
		name: 'fake-bilibili',
		include: ['src/**/*.test.ts'],
		// Generates the ffmpeg fixtures once per run (cached in .media/ across runs).
		globalSetup: ['src/test/global-setup.ts'],
		testTimeout: 20_000,
		hookTimeout: 120_000,
	},
});
