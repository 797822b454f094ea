/**
 * Rooms shared by several processes through Redis. A transaction takes the room's lock
 * (`SET lock NX PX`), reads the stored room plus its members (a hash, one field per connection,
 * tagged with the owning process), applies the step, writes back, releases the lock (compare and
 * delete) and publishes a change notice that the other processes use to refresh their caches and
 * timers. Each process refreshes a heartbeat key; members of a process whose heartbeat expired
 * (it died) are removed by whoever notices.
 */
import { randomBytes } from 'node:crypto';
import type { MemberRecord, RoomState } from '@videotogether/shared';
import type { RedisClient } from '../../store/redis.store.js';
import type { RoomBackend, TransactStep } from './room.backend.js';

const LOCK_TTL_MS = 5_000;
const LOCK_WAIT_MS = 10_000;
const HEARTBEAT_TTL_S = 15;
const RELEASE_SCRIPT =
	"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

interface StoredMember {
	node: string;
	joinedAt: number;
	member: MemberRecord;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisRoomBackend implements RoomBackend {
	readonly shared = true;
	readonly nodeId = randomBytes(6).toString('hex');
	readonly #client: RedisClient;
	readonly #subscriber: RedisClient;
	readonly #prefix: string;
	readonly #listeners: ((roomId: string, state: RoomState | null) => void)[] = [];
	#heartbeat: NodeJS.Timeout | null = null;

	private constructor(client: RedisClient, subscriber: RedisClient, prefix: string) {
		this.#client = client;
		this.#subscriber = subscriber;
		this.#prefix = prefix;
	}

	static async open(client: RedisClient, prefix = 'vt:'): Promise<RedisRoomBackend> {
		const subscriber = client.duplicate();
		subscriber.on('error', () => {});
		await subscriber.connect();
		const backend = new RedisRoomBackend(client, subscriber, prefix);
		await subscriber.subscribe(
			backend.#key('rooms-changed'),
			(message) => void backend.#onNotice(message),
		);
		await backend.#beat();
		backend.#heartbeat = setInterval(() => void backend.#beat().catch(() => {}), 5_000);
		backend.#heartbeat.unref();
		return backend;
	}

	#key(...parts: string[]): string {
		return `${this.#prefix}${parts.join(':')}`;
	}

	async #beat(): Promise<void> {
		await this.#client.set(this.#key('node', this.nodeId), '1', {
			expiration: { type: 'EX', value: HEARTBEAT_TTL_S },
		});
	}

	/** Is the process that owns these members still alive? */
	async nodeAlive(node: string): Promise<boolean> {
		return node === this.nodeId || (await this.#client.exists(this.#key('node', node))) === 1;
	}

	async #read(
		roomId: string,
	): Promise<{ state: RoomState; owners: Map<string, Omit<StoredMember, 'member'>> } | undefined> {
		const [raw, members] = await Promise.all([
			this.#client.get(this.#key('room', roomId)),
			this.#client.hGetAll(this.#key('members', roomId)),
		]);
		if (raw === null || raw === undefined) return undefined;
		const state = JSON.parse(raw) as RoomState;
		const entries = Object.values(members).map((v) => JSON.parse(v) as StoredMember);
		// Join order across processes: by the time each connection joined.
		entries.sort((a, b) => a.joinedAt - b.joinedAt);
		return {
			state: { ...state, members: Object.fromEntries(entries.map((e) => [e.member.id, e.member])) },
			owners: new Map(entries.map((e) => [e.member.id, { node: e.node, joinedAt: e.joinedAt }])),
		};
	}

	/** Which process owns each member connection (for the janitor). */
	async memberNodes(roomId: string): Promise<Map<string, string>> {
		const owners = (await this.#read(roomId))?.owners ?? new Map<string, { node: string }>();
		return new Map([...owners].map(([id, { node }]) => [id, node]));
	}

	async loadAll(): Promise<RoomState[]> {
		const ids = await this.#client.sMembers(this.#key('rooms'));
		const rooms = await Promise.all(ids.map((id) => this.#read(id)));
		return rooms.flatMap((r) => (r ? [r.state] : []));
	}

	async #lock(roomId: string): Promise<string> {
		const token = randomBytes(8).toString('hex');
		const deadline = Date.now() + LOCK_WAIT_MS;
		let wait = 2;
		for (;;) {
			const ok = await this.#client.set(this.#key('lock', roomId), token, {
				NX: true,
				expiration: { type: 'PX', value: LOCK_TTL_MS },
			});
			if (ok === 'OK') return token;
			if (Date.now() > deadline) throw new Error(`room ${roomId} is busy`);
			await sleep(wait);
			wait = Math.min(wait * 2, 50);
		}
	}

	async transact<T>(
		roomId: string,
		step: (current: RoomState | undefined) => TransactStep<T>,
	): Promise<T> {
		const token = await this.#lock(roomId);
		try {
			const current = await this.#read(roomId);
			const { next, result } = step(current?.state);
			if (next !== undefined) {
				await this.#write(roomId, current, next);
				await this.#client.publish(
					this.#key('rooms-changed'),
					JSON.stringify({ id: roomId, node: this.nodeId }),
				);
			}
			return result;
		} finally {
			await this.#client
				.eval(RELEASE_SCRIPT, { keys: [this.#key('lock', roomId)], arguments: [token] })
				.catch(() => {});
		}
	}

	async #write(
		roomId: string,
		before: { state: RoomState; owners: Map<string, Omit<StoredMember, 'member'>> } | undefined,
		next: RoomState,
	): Promise<void> {
		const tx = this.#client.multi();
		tx.set(this.#key('room', roomId), JSON.stringify({ ...next, members: {} })).sAdd(
			this.#key('rooms'),
			roomId,
		);
		const old = before?.state.members ?? {};
		const now = Date.now();
		for (const [id, member] of Object.entries(next.members)) {
			if (old[id] === member) continue;
			// A member keeps the process that owns its connection, whoever updates it.
			const owner = before?.owners.get(id) ?? { node: this.nodeId, joinedAt: now };
			const stored: StoredMember = { ...owner, member };
			tx.hSet(this.#key('members', roomId), id, JSON.stringify(stored));
		}
		for (const id of Object.keys(old))
			if (!(id in next.members)) tx.hDel(this.#key('members', roomId), id);
		await tx.exec();
	}

	async remove(roomId: string): Promise<void> {
		await this.#client
			.multi()
			.del([this.#key('room', roomId), this.#key('members', roomId)])
			.sRem(this.#key('rooms'), roomId)
			.exec();
		await this.#client.publish(
			this.#key('rooms-changed'),
			JSON.stringify({ id: roomId, node: this.nodeId }),
		);
	}

	async #onNotice(message: string): Promise<void> {
		const { id, node } = JSON.parse(message) as { id: string; node: string };
		if (node === this.nodeId) return;
		const state = (await this.#read(id))?.state ?? null;
		for (const listener of this.#listeners) listener(id, state);
	}

	onRemoteChange(listener: (roomId: string, state: RoomState | null) => void): void {
		this.#listeners.push(listener);
	}

	async close(): Promise<void> {
		if (this.#heartbeat) clearInterval(this.#heartbeat);
		await this.#client.del(this.#key('node', this.nodeId)).catch(() => {});
		if (this.#subscriber.isOpen) await this.#subscriber.close();
	}
}
