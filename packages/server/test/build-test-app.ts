/** Builds the app for tests: quiet logger, test credentials, optional clock and limits. */
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildApp, type AppOverrides } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { Metrics } from '../src/lib/metrics.js';

export const TEST_PASSWORD = 'correct horse';
export const TEST_USERS = 'alice:alice-pw,bob:bob-pw';

export async function buildTestApp(
	env: Record<string, string> = {},
	overrides: AppOverrides = {},
): Promise<FastifyInstance> {
	const config = loadConfig({ APP_SHARED_PASSWORD: TEST_PASSWORD, APP_USERS: TEST_USERS, ...env });
	const app = await buildApp(config, {
		logger: false,
		metrics: new Metrics({ defaults: false }),
		// No Bilibili pipeline unless a test brings the fake upstream (the real one is unreachable).
		bilibili: false,
		...overrides,
	});
	onTestFinished(() => app.close());
	return app;
}

/** Log in through `inject`; returns the `Cookie` header value to send afterwards. */
export async function injectLogin(
	app: FastifyInstance,
	body: Record<string, string> = { password: TEST_PASSWORD, name: 'Tester' },
): Promise<string> {
	const res = await app.inject({ method: 'POST', url: '/login', payload: body });
	if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
	const cookie = res.cookies.find((c) => c.name === 'vt.sid');
	if (!cookie) throw new Error('no session cookie');
	return `vt.sid=${cookie.value}`;
}
