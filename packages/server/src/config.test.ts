import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_SECRET_KEY, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
	try {
		loadConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) return error.problems;
		throw error;
	}
	return [];
}

describe('loadConfig', () => {
	it('applies the documented defaults', () => {
		const config = loadConfig({ APP_SHARED_PASSWORD: 'pw' });
		expect(config).toMatchObject({
			production: false,
			sharedPassword: 'pw',
			accounts: [],
			secretKey: DEV_SECRET_KEY,
			host: '0.0.0.0',
			port: 5000,
			logLevel: 'info',
			trustProxy: false,
			allowedOrigins: [],
			sessionMaxAgeS: 2_592_000,
		});
		expect(Object.isFrozen(config)).toBe(true);
	});

	it('parses every variable it knows', () => {
		const config = loadConfig({
			APP_USERS: 'exp:exp01,lizi:lizi456',
			APP_SECRET_KEY: 'x'.repeat(40),
			APP_HOST: '127.0.0.1',
			APP_PORT: '8080',
			APP_LOG_LEVEL: 'DEBUG',
			APP_TRUST_PROXY: '1',
			APP_ALLOWED_ORIGINS: 'https://watch.example.com, http://localhost:5173/',
			APP_SESSION_MAX_AGE_S: '3600',
		});
		expect(config.accounts).toEqual([
			{ id: 'exp', password: 'exp01' },
			{ id: 'lizi', password: 'lizi456' },
		]);
		expect(config).toMatchObject({
			port: 8080,
			host: '127.0.0.1',
			logLevel: 'debug',
			trustProxy: 1,
			allowedOrigins: ['https://watch.example.com', 'http://localhost:5173'],
			sessionMaxAgeS: 3600,
		});
	});

	it.each([
		['true', true],
		['false', false],
		['', false],
		['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
		['loopback', ['loopback']],
	])('APP_TRUST_PROXY=%j → %j', (raw, expected) => {
		expect(loadConfig({ APP_SHARED_PASSWORD: 'pw', APP_TRUST_PROXY: raw }).trustProxy).toEqual(
			expected,
		);
	});

	it('reports every problem at once', () => {
		const problems = problemsOf({
			APP_PORT: 'eighty',
			APP_LOG_LEVEL: 'loud',
			APP_TRUST_PROXY: 'maybe please',
			APP_ALLOWED_ORIGINS: 'ftp://x',
			APP_USERS: 'nocolon,ok:pw,ok:again',
		});
		expect(problems).toHaveLength(6);
		expect(problems.join('\n')).toMatch(/APP_PORT.*eighty/);
		expect(problems.join('\n')).toMatch(/APP_LOG_LEVEL/);
		expect(problems.join('\n')).toMatch(/APP_TRUST_PROXY/);
		expect(problems.join('\n')).toMatch(/APP_ALLOWED_ORIGINS/);
		expect(problems.join('\n')).toMatch(/APP_USERS.*id:password/);
		expect(problems.join('\n')).toMatch(/"ok" appears twice/);
	});

	it('refuses production with a missing or default secret, naming the fix', () => {
		expect(problemsOf({ NODE_ENV: 'production', APP_SHARED_PASSWORD: 'pw' })[0]).toMatch(
			/APP_SECRET_KEY: must be set to a strong random secret when NODE_ENV=production/,
		);
		expect(
			problemsOf({
				NODE_ENV: 'production',
				APP_SHARED_PASSWORD: 'pw',
				APP_SECRET_KEY: DEV_SECRET_KEY,
			}),
		).toHaveLength(1);
		expect(
			problemsOf({ NODE_ENV: 'production', APP_SHARED_PASSWORD: 'pw', APP_SECRET_KEY: 'short' })[0],
		).toMatch(/at least 32 characters/);
		expect(
			problemsOf({
				NODE_ENV: 'production',
				APP_SHARED_PASSWORD: 'pw',
				APP_SECRET_KEY: 'k'.repeat(32),
			}),
		).toEqual([]);
	});

	it('refuses production without any credentials', () => {
		expect(problemsOf({ NODE_ENV: 'production', APP_SECRET_KEY: 'k'.repeat(32) })).toEqual([
			expect.stringMatching(/APP_SHARED_PASSWORD or APP_USERS/),
		]);
	});

	it('treats empty values as unset and ignores unrelated variables', () => {
		const config = loadConfig({
			APP_SHARED_PASSWORD: 'pw',
			APP_PORT: '',
			PATH: '/bin',
			HOME: '/root',
		});
		expect(config.port).toBe(5000);
	});

	it('rejects ports beyond 65535', () => {
		expect(problemsOf({ APP_SHARED_PASSWORD: 'pw', APP_PORT: '70000' })).toEqual([
			expect.stringMatching(/APP_PORT/),
		]);
	});
});
