/**
 * Picks the room backend for the store: local (one process) for the memory/embedded stores, Redis
 * for the Redis store — which also moves Socket.IO fan-out onto the Redis adapter so every
 * process reaches every viewer.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { RedisStore } from '../../store/redis.store.js';
import type { AppStore } from '../../store/store.js';
import { LocalRoomBackend, type RoomBackend } from './room.backend.js';
import { RedisRoomBackend } from './room.redis-backend.js';
import type { RoomService } from './room.service.js';

export async function openRoomBackend(store: AppStore, app: FastifyInstance): Promise<RoomBackend> {
	if (!(store instanceof RedisStore)) return new LocalRoomBackend(store.rooms);
	const pub = store.client.duplicate();
	const sub = store.client.duplicate();
	for (const client of [pub, sub])
		client.on('error', (error: Error) =>
			app.log.warn({ err: error }, 'redis adapter connection error'),
		);
	await Promise.all([pub.connect(), sub.connect()]);
	app.io.adapter(createAdapter(pub, sub, { key: `${store.prefix}socket.io` }));
	app.addHook('onClose', async () => {
		await Promise.all([pub, sub].map((c) => (c.isOpen ? c.close() : undefined)));
	});
	return RedisRoomBackend.open(store.client, store.prefix);
}

/**
 * A process that dies leaves its viewers in the shared room state; whoever notices (any process)
 * removes members whose process heartbeat has expired.
 */
export function startMemberJanitor(
	rooms: RoomService,
	backend: RedisRoomBackend,
	log: FastifyBaseLogger,
	everyMs = 5_000,
): () => void {
	const sweep = async () => {
		for (const state of rooms.all()) {
			const owners = await backend.memberNodes(state.info.id);
			for (const [memberId, node] of owners) {
				if (await backend.nodeAlive(node)) continue;
				log.info(
					{ roomId: state.info.id, memberId, node },
					'removing a viewer of a process that is gone',
				);
				await rooms.apply(state.info.id, { type: 'member-leave', memberId });
			}
		}
	};
	const timer = setInterval(
		() => void sweep().catch((error: unknown) => log.warn({ err: error }, 'member janitor failed')),
		everyMs,
	);
	timer.unref();
	return () => clearInterval(timer);
}
