import { defineProject } from 'vitest/config';

export default defineProject({
	test: {
		name: 'server',
		include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
		testTimeout: 15_000,
		hookTimeout: 20_000,
	},
});
