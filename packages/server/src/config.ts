/**
 * Configuration: read once at start-up from the environment (plus an optional `.env`, merged by
 * `server.ts`), validated with TypeBox, every problem reported at once. Nothing else reads
 * `process.env`.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { parseAccountList } from './modules/auth/accounts.js';
import { parseBilibiliEnv, type BilibiliConfig } from './modules/bilibili/index.js';

/** The development default for APP_SECRET_KEY (the original's). Refused in production. */
export const DEV_SECRET_KEY = 'dev-secret-key';
const MIN_SECRET_LENGTH = 32;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Raw variables as strings, with the shape each must have. */
const EnvSchema = Type.Object({
	NODE_ENV: Type.Optional(Type.String()),
	APP_SHARED_PASSWORD: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
	APP_USERS: Type.Optional(Type.String({ maxLength: 65_536 })),
	APP_SECRET_KEY: Type.Optional(Type.String({ minLength: 1 })),
	APP_HOST: Type.Optional(Type.String({ minLength: 1 })),
	APP_PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
	APP_LOG_LEVEL: Type.Optional(
		Type.Union(
			[...LOG_LEVELS, ...LOG_LEVELS.map((l) => l.toUpperCase())].map((l) => Type.Literal(l)),
		),
	),
	APP_TRUST_PROXY: Type.Optional(Type.String()),
	APP_ALLOWED_ORIGINS: Type.Optional(Type.String()),
	APP_SESSION_MAX_AGE_S: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })),
	APP_DATA_DIR: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
	REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
	SOCKETIO_MESSAGE_QUEUE: Type.Optional(Type.String({ pattern: '^rediss?://' })),
	REDIS_KEY_PREFIX: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9:_.-]{1,64}$' })),
	APP_METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, maxLength: 256 })),
	SYNC_WAIT_MAX_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
	SYNC_MIN_LEAD_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
	SYNC_MAX_LEAD_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
	CHAT_MAX_LENGTH: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
	CHAT_RATE_PER_SECOND: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
	CHAT_RATE_PER_MINUTE: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
	ROOM_HOST_GRACE_S: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
	ROOM_IDLE_TTL_H: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
});

const DESCRIPTIONS: Record<string, string> = {
	APP_SHARED_PASSWORD: 'a non-empty password of at most 256 characters',
	APP_USERS: 'a comma-separated list of id:password entries',
	APP_SECRET_KEY: 'a non-empty secret',
	APP_HOST: 'a host name or address to listen on',
	APP_PORT: 'a TCP port number (1–65535)',
	APP_LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')}`,
	APP_SESSION_MAX_AGE_S: 'a number of seconds',
	REDIS_URL: 'a redis:// or rediss:// URL',
	SOCKETIO_MESSAGE_QUEUE: 'a redis:// or rediss:// URL (other message queues are not supported)',
	REDIS_KEY_PREFIX: 'letters, digits and : _ . - (at most 64)',
	APP_METRICS_TOKEN: 'a token of 16 to 256 characters',
	SYNC_WAIT_MAX_MS: 'a number of milliseconds (0 disables waiting for buffering viewers)',
	SYNC_MIN_LEAD_MS: 'a number of milliseconds',
	SYNC_MAX_LEAD_MS: 'a number of milliseconds',
	CHAT_MAX_LENGTH: 'a number of characters',
	CHAT_RATE_PER_SECOND: 'a number of messages',
	CHAT_RATE_PER_MINUTE: 'a number of messages',
	ROOM_HOST_GRACE_S: 'a number of seconds',
	ROOM_IDLE_TTL_H: 'a number of hours',
};

const CheckEnv = Compile(EnvSchema);

export const ConfigSchema = Type.Object({
	production: Type.Boolean(),
	sharedPassword: Type.Union([Type.String(), Type.Null()]),
	/** Parsed `APP_USERS`: the password is plain text or an argon2/scrypt PHC hash. */
	accounts: Type.Array(Type.Object({ id: Type.String(), password: Type.String() })),
	secretKey: Type.String(),
	host: Type.String(),
	port: Type.Integer({ minimum: 0, maximum: 65_535 }),
	logLevel: Type.Union([
		Type.Literal('fatal'),
		Type.Literal('error'),
		Type.Literal('warn'),
		Type.Literal('info'),
		Type.Literal('debug'),
		Type.Literal('trace'),
		Type.Literal('silent'),
	]),
	/** Fastify's `trustProxy`: false, true, a hop count, or a list of addresses/CIDRs. */
	trustProxy: Type.Union([Type.Boolean(), Type.Integer({ minimum: 0 }), Type.Array(Type.String())]),
	/** Origins allowed besides the request's own host (e.g. a public URL behind a proxy). */
	allowedOrigins: Type.Array(Type.String()),
	sessionMaxAgeS: Type.Integer({ minimum: 60 }),
	/** The sync model's tunables (design §3). */
	sync: Type.Object({
		waitMaxMs: Type.Integer({ minimum: 0 }),
		minLeadMs: Type.Integer({ minimum: 0 }),
		maxLeadMs: Type.Integer({ minimum: 0 }),
		hostGraceMs: Type.Integer({ minimum: 0 }),
		autoplayLeadMs: Type.Integer({ minimum: 0 }),
	}),
	chat: Type.Object({
		maxLength: Type.Integer({ minimum: 1 }),
		perSecond: Type.Integer({ minimum: 1 }),
		perMinute: Type.Integer({ minimum: 1 }),
	}),
	/** Where the embedded store keeps its snapshot and journal. */
	dataDir: Type.String(),
	/** Redis (REDIS_URL, or the original SOCKETIO_MESSAGE_QUEUE): shared state for several processes. */
	redisUrl: Type.Union([Type.String(), Type.Null()]),
	/** Prefix of every Redis key (several deployments can share one Redis). */
	redisPrefix: Type.String(),
	/** Bearer token protecting /metrics (null: open). */
	metricsToken: Type.Union([Type.String(), Type.Null()]),
	/** Empty rooms untouched this long are deleted (the default room never is), ms. */
	roomIdleTtlMs: Type.Integer({ minimum: 0 }),
});
/** The whole configuration: the checked core plus the Bilibili pipeline's settings (`BILIBILI_*`). */
export type Config = Readonly<Static<typeof ConfigSchema> & { bilibili: BilibiliConfig }>;

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

function parseTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
	const value = raw?.trim() ?? '';
	if (value === '' || /^(false|0|no|off)$/i.test(value)) return false;
	if (/^(true|yes|on)$/i.test(value)) return true;
	if (/^[0-9]{1,2}$/.test(value)) return Number(value);
	const list = value
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (
		list.every(
			(s) =>
				/^[0-9a-fA-F.:/]+$/.test(s) || s === 'loopback' || s === 'uniquelocal' || s === 'linklocal',
		)
	) {
		return list;
	}
	problems.push(
		`APP_TRUST_PROXY: must be true, false, a hop count or a comma-separated list of addresses (got "${value}")`,
	);
	return false;
}

function parseOrigins(raw: string | undefined, problems: string[]): string[] {
	const list = (raw ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const origins: string[] = [];
	for (const entry of list) {
		try {
			const url = new URL(entry);
			if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
			origins.push(url.origin);
		} catch {
			problems.push(
				`APP_ALLOWED_ORIGINS: "${entry}" is not an http(s) origin such as https://watch.example.com`,
			);
		}
	}
	return origins;
}

function shapeProblems(env: Record<string, string | undefined>): string[] {
	const problems = new Set<string>();
	for (const error of CheckEnv.Errors(env)) {
		const key = error.instancePath.replace(/^\//, '').split('/')[0] ?? '';
		if (!key) continue;
		const got = env[key];
		problems.add(`${key}: must be ${DESCRIPTIONS[key] ?? 'valid'} (got "${got ?? ''}")`);
	}
	return [...problems];
}

/** Build the validated, frozen configuration from environment variables. Throws `ConfigError`. */
export function loadConfig(rawEnv: Record<string, string | undefined>): Config {
	// Treat empty strings as unset, as shells and compose files often export `VAR=`.
	const env = Object.fromEntries(
		Object.entries(rawEnv).filter(
			([key, value]) => key in EnvSchema.properties && value !== undefined && value !== '',
		),
	) as Record<string, string>;
	const problems = shapeProblems(env);
	const production = env.NODE_ENV === 'production';

	const secretKey = env.APP_SECRET_KEY ?? DEV_SECRET_KEY;
	if (production && (secretKey === DEV_SECRET_KEY || !env.APP_SECRET_KEY)) {
		problems.push(
			'APP_SECRET_KEY: must be set to a strong random secret when NODE_ENV=production (for example the output of `openssl rand -hex 32`)',
		);
	} else if (production && secretKey.length < MIN_SECRET_LENGTH) {
		problems.push(
			`APP_SECRET_KEY: must be at least ${MIN_SECRET_LENGTH} characters when NODE_ENV=production`,
		);
	}
	if (production && !env.APP_SHARED_PASSWORD && !env.APP_USERS) {
		problems.push(
			'APP_SHARED_PASSWORD or APP_USERS: at least one must be set when NODE_ENV=production',
		);
	}

	const port = env.APP_PORT === undefined ? 5000 : Number(env.APP_PORT);
	if (port > 65_535)
		problems.push(`APP_PORT: must be ${DESCRIPTIONS.APP_PORT} (got "${env.APP_PORT}")`);

	const config = {
		production,
		sharedPassword: env.APP_SHARED_PASSWORD ?? null,
		accounts: parseAccountList(env.APP_USERS ?? '', problems),
		secretKey,
		host: env.APP_HOST ?? '0.0.0.0',
		port: Math.min(port, 65_535),
		logLevel: (env.APP_LOG_LEVEL ?? 'info').toLowerCase() as Config['logLevel'],
		trustProxy: parseTrustProxy(env.APP_TRUST_PROXY, problems),
		allowedOrigins: parseOrigins(env.APP_ALLOWED_ORIGINS, problems),
		sessionMaxAgeS:
			env.APP_SESSION_MAX_AGE_S === undefined ? 30 * 24 * 3600 : Number(env.APP_SESSION_MAX_AGE_S),
		sync: {
			waitMaxMs: Number(env.SYNC_WAIT_MAX_MS ?? 8000),
			minLeadMs: Number(env.SYNC_MIN_LEAD_MS ?? 150),
			maxLeadMs: Number(env.SYNC_MAX_LEAD_MS ?? 1000),
			hostGraceMs: Number(env.ROOM_HOST_GRACE_S ?? 60) * 1000,
			autoplayLeadMs: 1500,
		},
		chat: {
			maxLength: Number(env.CHAT_MAX_LENGTH ?? 500),
			perSecond: Number(env.CHAT_RATE_PER_SECOND ?? 1),
			perMinute: Number(env.CHAT_RATE_PER_MINUTE ?? 10),
		},
		roomIdleTtlMs: Number(env.ROOM_IDLE_TTL_H ?? 24 * 14) * 3_600_000,
		dataDir: env.APP_DATA_DIR ?? './data',
		redisUrl: env.REDIS_URL ?? env.SOCKETIO_MESSAGE_QUEUE ?? null,
		redisPrefix: env.REDIS_KEY_PREFIX ?? 'vt:',
		metricsToken: env.APP_METRICS_TOKEN ?? null,
	};
	for (const [key, value] of [
		['CHAT_MAX_LENGTH', config.chat.maxLength],
		['CHAT_RATE_PER_SECOND', config.chat.perSecond],
		['CHAT_RATE_PER_MINUTE', config.chat.perMinute],
	] as const) {
		if (value < 1) problems.push(`${key}: must be at least 1`);
	}
	if (config.sessionMaxAgeS < 60) {
		problems.push('APP_SESSION_MAX_AGE_S: must be at least 60 seconds');
	}
	if (config.sync.minLeadMs > config.sync.maxLeadMs) {
		problems.push('SYNC_MIN_LEAD_MS: must not be larger than SYNC_MAX_LEAD_MS');
	}

	const bilibili = parseBilibiliEnv(rawEnv, problems);
	if (problems.length > 0) throw new ConfigError(problems);
	return Object.freeze({ ...config, bilibili });
}
