import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineProject } from 'vitest/config';

export default defineProject({
	plugins: [svelte(), svelteTesting()],
	resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
	test: {
		name: 'web',
		environment: 'jsdom',
		include: ['src/**/*.test.ts'],
		setupFiles: ['./src/test/setup.ts'],
	},
});
