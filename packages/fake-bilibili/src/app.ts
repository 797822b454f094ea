/**
 * The fake Bilibili upstream as a Fastify instance. `buildFakeBilibili` never listens (tests use
 * `inject` or call `listen` themselves); {@link start} listens on loopback and wires the stream
 * bases to the real port.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { parseCdnPath } from './cdn-url.js';
import type { FakeContext, RouteTag } from './context.js';
import { RISK_412_HTML, hostOf } from './http.js';
import { loadMedia, type MediaCatalog } from './media.js';
import { apiRoutes } from './routes/api.js';
import { cdnRoutes } from './routes/cdn.js';
import { danmakuRoutes } from './routes/danmaku.js';
import { playurlRoutes } from './routes/playurl.js';
import { shortlinkRoutes } from './routes/shortlink.js';
import { FakeState, type FakeMode, type ModeOptions, type StreamBases } from './state.js';
import { KNOWN_WBI_KEYS, type WbiKeys } from './wbi.js';

/** Options of {@link buildFakeBilibili}. */
export interface FakeBilibiliOptions extends StreamBases {
	/** Clock in ms since the epoch (deadlines, `wts` freshness). Default `Date.now`. */
	now?: () => number;
	/** Lifetime of stream URLs (`deadline = now + linkTtlSec`). Default 7200 (doc: 120 min). */
	linkTtlSec?: number;
	/** Initial fault mode. Default `'ok'`. */
	mode?: FakeMode;
	modeOptions?: ModeOptions;
	/** Keys `nav` hands out and `wbi/playurl` verifies against. Default: the doc §3 vector keys. */
	wbiKeys?: WbiKeys;
	/** Answer `-401` to view/playurl without a `buvid3` cookie. Default false. */
	requireBuvid3?: boolean;
	/** Answer `-401` to view/playurl with an empty User-Agent. Default true. */
	requireUserAgent?: boolean;
	/** Pre-loaded media (tests share one); default: {@link loadMedia} (generates if missing). */
	media?: MediaCatalog;
	/** Fastify logger switch. Default false. */
	logger?: boolean;
}

/** Run-time controls decorated onto the instance. */
export interface FakeControls {
	/** Switches the fault mode for every later request. */
	setMode(mode: FakeMode, options?: ModeOptions): void;
	/** Requests seen for a counter key (see README: `playurl`, `playurl:<cid>`, `cdn:<id>`, …). */
	hits(key: string): number;
	/** Snapshot of every counter. */
	counters(): Record<string, number>;
	resetCounters(): void;
	/** Rotates the WBI keys (`nav` then serves the new ones; old signatures fail). */
	setWbiKeys(keys: WbiKeys): void;
	/** Changes the bases written into stream URLs. */
	setBases(bases: StreamBases): void;
	/** The media the fake serves and describes. */
	readonly media: MediaCatalog;
}

/** A fake upstream: a Fastify instance plus {@link FakeControls}. */
export type FakeBilibili = FastifyInstance & FakeControls;

const DEFAULT_SLOW_MS = 2000;
const GARBAGE_JSON =
	'{"code":0,"message":"0","ttl":1,"data":{"bvid":"BV1y7411Q7Eq","pages":[{"cid":';
const DOWN_HTML = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
const PLAYURL_ROUTES = new Set(['playurl', 'pgcPlayurl']);

function routeTag(req: FastifyRequest): RouteTag | undefined {
	const config = req.routeOptions.config as Partial<RouteTag> | undefined;
	return config?.name && config.group ? (config as RouteTag) : undefined;
}

function countRequest(state: FakeState, req: FastifyRequest, route: RouteTag | undefined): void {
	if (!route) return state.count('notFound');
	if (route.name !== 'cdn') return state.count(route.name);
	const key = state.isPcdnHost(hostOf(req)) ? 'pcdn' : 'cdn';
	state.count(key);
	const target = parseCdnPath(req.url.split('?')[0] ?? '');
	if (target) state.count(`${key}:${target.streamId}`);
}

/** Destroys the socket (ECONNRESET for the client); under inject, fails the injected request. */
function dropConnection(req: FastifyRequest, reply: FastifyReply): void {
	if ('isLightMyRequest' in reply.raw) {
		const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		reply.raw.socket?.emit('error', error);
		return;
	}
	req.raw.socket.destroy();
}

/** Applies the fault mode; returns true when the request was answered (or dropped). */
async function applyMode(
	state: FakeState,
	req: FastifyRequest,
	reply: FastifyReply,
	route: RouteTag,
): Promise<boolean> {
	if (!state.modeApplies(route.group)) return false;
	switch (state.mode) {
		case 'ok':
			return false;
		case 'slow':
			await sleep(state.modeOptions.delayMs ?? DEFAULT_SLOW_MS);
			return false;
		case 'down':
			if (state.modeOptions.downStyle === 'reset') {
				reply.hijack();
				dropConnection(req, reply);
			} else {
				await reply.code(503).type('text/html').send(DOWN_HTML);
			}
			return true;
		case 'garbage':
			if (route.group !== 'api') return false;
			await reply.type('application/json; charset=utf-8').send(GARBAGE_JSON);
			return true;
		case 'risk':
			if (!PLAYURL_ROUTES.has(route.name)) return false;
			await reply.code(412).type('text/html; charset=utf-8').send(RISK_412_HTML);
			return true;
	}
}

/** Builds the fake (loads or generates the media first). Never listens. */
export async function buildFakeBilibili(options: FakeBilibiliOptions = {}): Promise<FakeBilibili> {
	const media = options.media ?? (await loadMedia());
	const state = new FakeState(options.wbiKeys ?? KNOWN_WBI_KEYS, options);
	state.setMode(options.mode ?? 'ok', options.modeOptions);
	const ctx: FakeContext = {
		state,
		media,
		now: options.now ?? Date.now,
		linkTtlSec: options.linkTtlSec ?? 7200,
		requireBuvid3: options.requireBuvid3 ?? false,
		requireUserAgent: options.requireUserAgent ?? true,
	};
	// Typed without Fastify's PromiseLike so the async return keeps the controls in its type.
	const app: FastifyInstance = Fastify({ logger: options.logger ?? false });

	app.addHook('onRequest', async (req, reply) => {
		const route = routeTag(req);
		countRequest(state, req, route);
		if (route && (await applyMode(state, req, reply, route))) return reply;
	});

	apiRoutes(app, ctx);
	playurlRoutes(app, ctx);
	danmakuRoutes(app, ctx);
	cdnRoutes(app, ctx);
	shortlinkRoutes(app, ctx);

	const controls: FakeControls = {
		setMode: (mode, modeOptions) => state.setMode(mode, modeOptions),
		hits: (key) => state.hits(key),
		counters: () => state.snapshot(),
		resetCounters: () => state.resetCounters(),
		setWbiKeys: (keys) => {
			state.wbiKeys = keys;
		},
		setBases: (bases) => state.setBases(bases),
		media,
	};
	return Object.assign(app, controls);
}

/** A listening fake. */
export interface RunningFake {
	/** `http://127.0.0.1:<port>`: API, short-link, danmaku and CDN base. */
	url: string;
	/** `http://localhost:<port>`: the PCDN base written into one stream's `baseUrl`. */
	pcdnUrl: string;
	port: number;
	app: FakeBilibili;
	close(): Promise<void>;
}

/**
 * Listens on `port` (0 = any free port) on loopback — 127.0.0.1 and, where it exists, ::1, so the
 * `localhost` PCDN base answers too — and points the stream bases at it.
 */
export async function start(port = 0, options: FakeBilibiliOptions = {}): Promise<RunningFake> {
	const app = await buildFakeBilibili(options);
	await app.listen({ port, host: 'localhost' });
	const address = app.server.address();
	const actual = typeof address === 'object' && address ? address.port : port;
	const url = `http://127.0.0.1:${actual}`;
	const pcdnUrl = `http://localhost:${actual}`;
	app.setBases({
		cdnBase: options.cdnBase ?? url,
		backupCdnBase: options.backupCdnBase ?? options.cdnBase ?? url,
		pcdnBase: options.pcdnBase === undefined ? pcdnUrl : options.pcdnBase,
	});
	return { url, pcdnUrl, port: actual, app, close: () => app.close() };
}
