/**
 * The Redis store (REDIS_URL): rooms, chat and sessions live in Redis so several server processes
 * share them and a restart of any process loses nothing. Keys (all under a prefix, default `vt:`):
 *
 *   room:<id>        JSON of the room (connections stripped)     rooms          SET of room ids
 *   chat:<room>      ZSET of message JSON scored by a sequence    chatseq:<room> INCR counter
 *   chatidx:<room>   HASH message id → sequence (for `before`)     sess:<id>      JSON, expires with the session
 */
import { persistableRoom, type ChatMessage, type RoomState } from '@videotogether/shared';
import { createClient } from 'redis';
import {
	CHAT_KEPT_PER_ROOM,
	type AppStore,
	type ChatPage,
	type ChatStore,
	type RoomStore,
	type SessionRecord,
	type SessionRepository,
} from './store.js';

export interface RedisStoreOptions {
	url: string;
	prefix?: string;
}

function makeClient(url: string) {
	return createClient({
		url,
		// Keep retrying: a Redis restart is survivable; commands wait in the offline queue meanwhile.
		socket: {
			reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
			connectTimeout: 5_000,
		},
	});
}

export type RedisClient = ReturnType<typeof makeClient>;

/** Connect a client that reports errors instead of crashing the process. */
export async function connectRedis(
	url: string,
	onError: (error: Error) => void,
): Promise<RedisClient> {
	const client = makeClient(url);
	client.on('error', onError);
	await client.connect();
	return client;
}

export class RedisStore implements AppStore {
	readonly kind = 'redis' as const;
	readonly rooms: RoomStore;
	readonly chat: ChatStore;
	readonly sessions: SessionRepository;
	readonly client: RedisClient;
	readonly prefix: string;

	private constructor(client: RedisClient, prefix: string) {
		this.client = client;
		this.prefix = prefix;
		const k = (...parts: string[]) => `${prefix}${parts.join(':')}`;

		this.rooms = {
			loadRooms: async () => {
				const ids = await client.sMembers(k('rooms'));
				if (ids.length === 0) return [];
				const values = await client.mGet(ids.map((id) => k('room', id)));
				return values
					.filter((v): v is string => typeof v === 'string')
					.map((v) => JSON.parse(v) as RoomState);
			},
			saveRoom: async (state) => {
				await client
					.multi()
					.set(k('room', state.info.id), JSON.stringify(persistableRoom(state)))
					.sAdd(k('rooms'), state.info.id)
					.exec();
			},
			deleteRoom: async (id) => {
				await client.multi().del(k('room', id)).sRem(k('rooms'), id).exec();
			},
		};

		this.chat = {
			append: async (message: ChatMessage) => {
				const seq = await client.incr(k('chatseq', message.room));
				await client
					.multi()
					.zAdd(k('chat', message.room), { score: seq, value: JSON.stringify(message) })
					.hSet(k('chatidx', message.room), message.id, String(seq))
					.zRemRangeByRank(k('chat', message.room), 0, -(CHAT_KEPT_PER_ROOM + 1))
					.exec();
			},
			page: async (roomId: string, limit: number, beforeId?: string): Promise<ChatPage> => {
				let values: string[];
				if (beforeId === undefined) {
					values = await client.zRange(k('chat', roomId), -(limit + 1), -1);
				} else {
					const seq = await client.hGet(k('chatidx', roomId), beforeId);
					if (seq === null || seq === undefined) return { messages: [], hasMore: false };
					values = (
						await client.zRange(k('chat', roomId), `(${seq}`, '-inf', {
							BY: 'SCORE',
							REV: true,
							LIMIT: { offset: 0, count: limit + 1 },
						})
					).reverse();
				}
				const hasMore = values.length > limit;
				const kept = hasMore ? values.slice(values.length - limit) : values;
				return { messages: kept.map((v) => JSON.parse(v) as ChatMessage), hasMore };
			},
			deleteRoom: async (roomId: string) => {
				await client.del([k('chat', roomId), k('chatidx', roomId), k('chatseq', roomId)]);
			},
		};

		this.sessions = {
			get: async (id: string): Promise<SessionRecord | null> => {
				const raw = await client.get(k('sess', id));
				if (raw === null || raw === undefined) return null;
				const record = JSON.parse(raw) as SessionRecord;
				if (record.expiresAtMs !== null && record.expiresAtMs <= Date.now()) return null;
				return record;
			},
			set: async (id: string, record: SessionRecord) => {
				const value = JSON.stringify(record);
				if (record.expiresAtMs === null) await client.set(k('sess', id), value);
				else
					await client.set(k('sess', id), value, {
						expiration: { type: 'PXAT', value: Math.max(record.expiresAtMs, Date.now() + 1) },
					});
			},
			destroy: async (id: string) => {
				await client.del(k('sess', id));
			},
		};
	}

	static async open(
		options: RedisStoreOptions,
		onError: (error: Error) => void,
	): Promise<RedisStore> {
		const client = await connectRedis(options.url, onError);
		return new RedisStore(client, options.prefix ?? 'vt:');
	}

	async ping(): Promise<void> {
		if (!this.client.isReady) throw new Error('redis is not connected');
		await this.client.ping();
	}

	async close(): Promise<void> {
		if (this.client.isOpen) await this.client.close();
	}

	/** Delete every key under this store's prefix (tests). */
	async wipe(): Promise<void> {
		for await (const keys of this.client.scanIterator({ MATCH: `${this.prefix}*`, COUNT: 500 })) {
			if (keys.length > 0) await this.client.del(keys);
		}
	}
}
