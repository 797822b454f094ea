/**
 * Process entry point: read `.env` + environment, validate the configuration (all problems at
 * once), build the app, listen on APP_HOST:APP_PORT, and shut down gracefully on SIGINT/SIGTERM.
 * Everything else lives in `app.ts`, which tests build without listening.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import closeWithGrace from 'close-with-grace';
import { parse as parseDotenv } from 'dotenv';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { systemClock } from './lib/clock.js';
import { EmbeddedStore } from './store/embedded.store.js';
import { RedisStore } from './store/redis.store.js';
import type { AppStore } from './store/store.js';
import pino from 'pino';

/** The environment, with `.env` (from the working directory) filling in what is not set. */
function readEnvironment(): Record<string, string | undefined> {
	const path = resolve(process.env.APP_ENV_FILE ?? '.env');
	const fromFile = existsSync(path) ? parseDotenv(readFileSync(path)) : {};
	return { ...fromFile, ...process.env };
}

/** The built SPA: bundled next to the server (dist/public) or, in development, packages/web/dist. */
function findWebDir(): string | null {
	const here = dirname(fileURLToPath(import.meta.url));
	const candidates = [join(here, 'public'), join(here, '../../web/dist')];
	return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

async function main(): Promise<void> {
	const env = readEnvironment();
	let generatedPassword: string | null = null;
	if (env.NODE_ENV !== 'production' && !env.APP_SHARED_PASSWORD && !env.APP_USERS) {
		// Development convenience only: production refuses to start without credentials.
		generatedPassword = randomBytes(6).toString('base64url');
		env.APP_SHARED_PASSWORD = generatedPassword;
	}
	let config;
	try {
		config = loadConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(`VideoTogether cannot start.\n${error.message}`);
			process.exit(1);
		}
		throw error;
	}

	const bootLog = pino({ level: config.logLevel });
	let store: AppStore;
	try {
		store = config.redisUrl
			? await RedisStore.open({ url: config.redisUrl, prefix: config.redisPrefix }, (error) =>
					bootLog.warn({ err: error }, 'redis connection error'),
				)
			: await EmbeddedStore.open({
					dir: resolve(config.dataDir),
					clock: systemClock,
					log: bootLog,
				});
		bootLog.info({ store: store.kind }, 'store ready');
	} catch (error) {
		console.error(`VideoTogether cannot start: ${(error as Error).message}`);
		process.exit(1);
	}
	const app = await buildApp(config, { webDir: findWebDir(), store });
	// Flush the store after Fastify has stopped accepting and closed every socket.
	app.addHook('onClose', async () => store.close());
	app.server.requestTimeout = 30_000;
	app.server.headersTimeout = 20_000;
	app.server.keepAliveTimeout = 65_000;

	closeWithGrace({ delay: 5_000 }, async ({ signal, err }) => {
		if (err) app.log.error({ err }, 'shutting down after an error');
		else app.log.info({ signal }, 'shutting down');
		await app.close();
	});

	await app.listen({ host: config.host, port: config.port });
	if (generatedPassword) {
		app.log.warn(
			`No APP_SHARED_PASSWORD or APP_USERS set: using the generated shared password "${generatedPassword}" for this run.`,
		);
	}
}

void main();
