/**
 * The application as a Fastify plugin tree. `buildApp` never listens (server.ts does), so tests
 * build it and use `inject` or `listen({port: 0})`. Registration order is explicit: cross-cutting
 * plugins, then features.
 */
import fastifyFormbody from '@fastify/formbody';
import fastifySwagger from '@fastify/swagger';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
	type FastifyInstance,
	type FastifyReply,
	type FastifyServerOptions,
} from 'fastify';
import type { DestinationStream } from 'pino';
import { ErrorCode } from '@videotogether/shared';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import { systemClock, type Clock } from './lib/clock.js';
import authGate from './plugins/auth-gate.js';
import errorHandler from './plugins/error-handler.js';
import originCheck from './plugins/origin-check.js';
import session from './plugins/session.js';
import socketIo from './plugins/socket-io.js';
import webStatic from './plugins/web-static.js';
import metricsPlugin from './plugins/metrics.js';
import securityHeaders from './plugins/security-headers.js';
import { Metrics } from './lib/metrics.js';
import { instrumentedFetch } from './lib/instrumented-fetch.js';
import { serializeRequest } from './lib/log-redact.js';
import authRoutes from './modules/auth/auth.routes.js';
import { AuthService, type LoginLimits } from './modules/auth/auth.service.js';
import healthRoutes from './modules/health/health.routes.js';
import { RoomService } from './modules/rooms/room.service.js';
import videoRoutes from './modules/video/video.routes.js';
import { endSessionSockets, registerGateway } from './realtime/gateway.js';
import { SocketIoPublisher } from './realtime/publisher.js';
import { watchSessions } from './realtime/session-watch.js';
import { MemoryStore } from './store/memory.store.js';
import type { AppStore } from './store/store.js';
import chatRoutes from './modules/chat/chat.routes.js';
import { ChatService } from './modules/chat/chat.service.js';
import roomRoutes from './modules/rooms/room.routes.js';
import { startIdleSweeper } from './modules/rooms/idle-sweeper.js';
import { openRoomBackend, startMemberJanitor } from './modules/rooms/backends.js';
import { RedisRoomBackend } from './modules/rooms/room.redis-backend.js';
import { BilibiliService, bilibiliRoutes } from './modules/bilibili/index.js';
import { MediaUpgrader } from './modules/media/media-upgrader.js';
import { mediaServices } from './modules/media/media-services.js';

export interface AppOverrides {
	clock?: Clock;
	/** Storage (default: in memory — server.ts passes the embedded or Redis store). */
	store?: AppStore;
	/** Metrics registry (tests pass one without process defaults). */
	metrics?: Metrics;
	/** Directory of the built SPA (index.html + assets); null serves a "not built" page. */
	webDir?: string | null;
	loginLimits?: LoginLimits;
	/** `false`: no Bilibili pipeline (Bilibili links stay on the embed; tests without the fake upstream). */
	bilibili?: false;
	/** Per-socket inbound event budget per second (tests of other things raise it). */
	socketEventsPerSecond?: number;
	/** How often sockets' sessions are re-checked, ms (tests shorten it). */
	sessionCheckMs?: number;
	/** Replaces the logger entirely (tests pass `false`). */
	logger?: FastifyServerOptions['logger'];
	/** Where the app's own logger writes (default stdout); tests capture the lines here. */
	logStream?: DestinationStream;
}

/** Largest HTTP body we accept. */
const BODY_LIMIT_BYTES = 64 * 1024;

export async function buildApp(
	config: Config,
	overrides: AppOverrides = {},
): Promise<FastifyInstance> {
	const clock = overrides.clock ?? systemClock;
	const metrics = overrides.metrics ?? new Metrics();
	const store = overrides.store ?? new MemoryStore(clock);
	const app = Fastify({
		logger: overrides.logger ?? {
			level: config.logLevel,
			redact: {
				paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
				remove: true,
			},
			// Request lines name a Bilibili token by a short hash, never the token itself.
			serializers: { req: serializeRequest },
			...(overrides.logStream ? { stream: overrides.logStream } : {}),
		},
		// A hop count is valid at run time (proxy-addr) though Fastify's types omit it.
		trustProxy: config.trustProxy as boolean | string[],
		bodyLimit: BODY_LIMIT_BYTES,
		genReqId: () => randomUUID(),
		// Addresses the router cannot take (malformed, or a path parameter past its length) get
		// our error shape too, without echoing the address back.
		frameworkErrors: (error, _request, reply) => {
			const long = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
			void (reply as FastifyReply).code(long ? 414 : 400).send({
				ok: false,
				error: long ? ErrorCode.TOO_LONG : ErrorCode.INVALID_PAYLOAD,
				message: long ? 'That address is too long.' : 'That address is malformed.',
			});
		},
	}).withTypeProvider<TypeBoxTypeProvider>();
	// TypeBox's compiled checks: bodies are taken as sent (a number is not a password), while
	// query strings and params are converted to the declared types.
	app.setValidatorCompiler(TypeBoxValidatorCompiler);

	await app.register(fastifySwagger, {
		openapi: {
			info: {
				title: 'VideoTogether HTTP API',
				version: '1',
				description:
					'Generated from the route schemas. The Socket.IO protocol is described in specs/socket-events.md.',
			},
			components: {
				securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vt.sid' } },
			},
			security: [{ session: [] }],
		},
	});
	await app.register(securityHeaders);
	await app.register(errorHandler);
	await app.register(originCheck, { allowedOrigins: config.allowedOrigins });
	await app.register(fastifyFormbody);
	await app.register(session, {
		secretKey: config.secretKey,
		maxAgeS: config.sessionMaxAgeS,
		clock,
		sessions: store.sessions,
	});
	await app.register(authGate);
	await app.register(socketIo, { allowedOrigins: config.allowedOrigins });

	const auth = new AuthService({
		sharedPassword: config.sharedPassword,
		accounts: config.accounts,
		clock,
		...(overrides.loginLimits ? { limits: overrides.loginLimits } : {}),
	});
	const publisher = new SocketIoPublisher(() => app.io, clock);
	const bili =
		overrides.bilibili === false
			? null
			: new BilibiliService({
					config: config.bilibili,
					secret: config.secretKey,
					clock,
					log: app.log,
					fetch: instrumentedFetch(metrics),
				});
	let rooms: RoomService | null = null;
	const upgrader = bili ? new MediaUpgrader(bili, () => rooms as RoomService, app.log) : null;
	const media = mediaServices(bili, upgrader);
	const backend = await openRoomBackend(store, app);
	rooms = await RoomService.open({
		clock,
		publisher,
		settings: config.sync,
		backend,
		onMediaChanged: (roomId, loaded) => upgrader?.upgrade(roomId, loaded),
	});
	const chat = new ChatService({ clock, store: store.chat, publisher, limits: config.chat });
	const stopSweeper = startIdleSweeper({
		rooms,
		chat,
		clock,
		idleTtlMs: config.roomIdleTtlMs,
		log: app.log,
	});
	const stopJanitor =
		backend instanceof RedisRoomBackend ? startMemberJanitor(rooms, backend, app.log) : () => {};
	app.addHook('onClose', async () => {
		stopSweeper();
		stopJanitor();
		rooms.close();
		await backend.close();
	});

	await app.register(metricsPlugin, {
		metrics,
		token: config.metricsToken,
		refresh: () => {
			metrics.sockets.set(app.io.engine.clientsCount);
			const all = rooms.all();
			metrics.rooms.set(all.length);
			metrics.proxyStreams.set(bili?.proxy.activeStreams ?? 0);
			metrics.viewers.reset();
			for (const room of all)
				metrics.viewers.set({ room: room.info.id }, Object.keys(room.members).length);
		},
	});
	await app.register(healthRoutes, { store });
	await app.register(authRoutes, {
		auth,
		onSessionEnded: (tag) => endSessionSockets(app.io, tag),
		onLoginFailed: (reason) => metrics.loginFailures.inc({ reason }),
	});
	await app.register(videoRoutes, { rooms, media });
	if (bili) await app.register(bilibiliRoutes, { service: bili });
	app.addHook('onResponse', async (request, reply) => {
		if (!request.url.startsWith('/api/bili/media/') || request.method !== 'GET') return;
		const length = Number(reply.getHeader('content-length'));
		if (reply.statusCode < 300 && Number.isFinite(length)) metrics.proxyBytes.inc(length);
	});
	await app.register(roomRoutes, { rooms, chat });
	await app.register(chatRoutes, { rooms, chat });
	await app.register(webStatic, { webDir: overrides.webDir ?? null });

	registerGateway(app, app.io, {
		rooms,
		chat,
		clock,
		metrics,
		media,
		eventsPerSecond: overrides.socketEventsPerSecond,
	});
	const stopSessionWatch = watchSessions(app, app.io, overrides.sessionCheckMs);
	app.addHook('onClose', async () => stopSessionWatch());
	return app;
}
