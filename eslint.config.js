// ESLint flat config: recommended JS + TypeScript rules, type-aware promise checks (socket
// handlers are the easiest place to drop a promise), Svelte, and the architecture's boundaries.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const PURE_GLOBS = ['packages/shared/src/**/*.ts', '**/*.machine.ts', '**/*.parse.ts'];

export default ts.config(
	{
		ignores: [
			'**/node_modules/**',
			'**/dist/**',
			'**/.svelte-kit/**',
			'packages/e2e/test-results/**',
			'packages/e2e/playwright-report/**',
			'data/**',
		],
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.node, ...globals.browser },
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': [
				'error',
				{ checksVoidReturn: { arguments: false } },
			],
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
			'@typescript-eslint/consistent-type-imports': 'error',
			eqeqeq: ['error', 'smart'],
		},
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: ts.parser } },
	},
	{
		files: ['**/*.js', '**/*.mjs', '**/*.config.ts'],
		...ts.configs.disableTypeChecked,
	},
	{
		// Pure cores: no frameworks, no Node APIs, no clock reads — time arrives as an argument.
		files: PURE_GLOBS,
		ignores: ['**/*.test.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: [
								'node:*',
								'fastify',
								'fastify/*',
								'@fastify/*',
								'socket.io*',
								'redis',
								'ioredis',
								'svelte',
								'svelte/*',
							],
							message: 'Pure modules must not import frameworks or Node APIs.',
						},
						{
							group: ['@videotogether/server', '@videotogether/web'],
							message: 'shared depends on nothing.',
						},
					],
				},
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
					message: 'Take nowMs as an argument.',
				},
				{
					selector: "NewExpression[callee.name='Date'][arguments.length=0]",
					message: 'Take nowMs as an argument.',
				},
				{
					selector: 'CallExpression[callee.name=/^set(Timeout|Interval)$/]',
					message: 'Pure modules schedule nothing.',
				},
			],
		},
	},
	{
		files: ['packages/web/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['@videotogether/server', '@videotogether/server/*'],
							message: 'The web app talks to the server over HTTP/Socket.IO only.',
						},
					],
				},
			],
		},
	},
);
