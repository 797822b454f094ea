/**
 * The embedded store (default): everything in memory, made durable in APP_DATA_DIR.
 *
 * - Every change is appended to `journal.jsonl` and fsync'ed before the caller's promise resolves,
 *   so whatever was acknowledged survives even a SIGKILL.
 * - Shortly after changes (and on shutdown) the whole state is written to `snapshot.json`
 *   atomically (temp file, fsync, rename, fsync of the directory) and the journal is emptied.
 * - At start the snapshot is loaded and the journal replayed. A corrupt snapshot or journal is
 *   reported and moved aside (`*.corrupt-<time>`), never silently dropped; a torn last journal line
 *   (a crash mid-write) is skipped with a warning.
 * - `.lock` holds the owner's pid so two processes never write the same directory.
 */
import {
	closeSync,
	existsSync,
	fsyncSync,
	ftruncateSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { persistableRoom, type ChatMessage, type RoomState } from '@videotogether/shared';
import type { Clock } from '../lib/clock.js';
import { MemoryChatStore, MemoryRoomStore, MemorySessionRepository } from './memory.store.js';
import type {
	AppStore,
	ChatPage,
	ChatStore,
	RoomStore,
	SessionRecord,
	SessionRepository,
} from './store.js';

export interface StoreLog {
	info(obj: object, msg: string): void;
	warn(obj: object, msg: string): void;
	error(obj: object, msg: string): void;
}

type JournalEntry =
	| { t: 'room'; state: RoomState }
	| { t: 'room-del'; id: string }
	| { t: 'chat'; message: ChatMessage }
	| { t: 'chat-del'; room: string }
	| { t: 'sess'; id: string; record: SessionRecord }
	| { t: 'sess-del'; id: string };

interface Snapshot {
	version: 1;
	savedAt: number;
	rooms: RoomState[];
	chat: Record<string, ChatMessage[]>;
	sessions: [string, SessionRecord][];
}

export interface EmbeddedStoreOptions {
	dir: string;
	clock: Clock;
	log: StoreLog;
	/** Write the snapshot this long after the last change, ms. */
	snapshotDelayMs?: number;
	/** Compact right away once the journal passes this size, bytes. */
	maxJournalBytes?: number;
}

function writeFileDurably(path: string, content: string): void {
	const fd = openSync(path, 'w', 0o600);
	try {
		writeSync(fd, content);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

function fsyncDir(dir: string): void {
	try {
		const fd = openSync(dir, 'r');
		fsyncSync(fd);
		closeSync(fd);
	} catch {
		// Some platforms cannot fsync a directory; the rename is still atomic.
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export class EmbeddedStore implements AppStore {
	readonly kind = 'embedded' as const;
	readonly rooms: RoomStore;
	readonly chat: ChatStore;
	readonly sessions: SessionRepository;
	readonly #memRooms = new MemoryRoomStore();
	readonly #memChat = new MemoryChatStore();
	readonly #memSessions: MemorySessionRepository;
	readonly #opts: Required<EmbeddedStoreOptions>;
	#journalFd: number | null = null;
	#journalBytes = 0;
	#snapshotTimer: NodeJS.Timeout | null = null;
	#lockPath: string;
	#closed = false;

	private constructor(opts: EmbeddedStoreOptions) {
		this.#opts = { snapshotDelayMs: 1_000, maxJournalBytes: 8 * 1024 * 1024, ...opts };
		this.#memSessions = new MemorySessionRepository(opts.clock);
		this.#lockPath = join(opts.dir, '.lock');
		this.rooms = {
			loadRooms: () => this.#memRooms.loadRooms(),
			saveRoom: async (state) => this.#write({ t: 'room', state: persistableRoom(state) }),
			deleteRoom: async (id) => this.#write({ t: 'room-del', id }),
		};
		this.chat = {
			append: async (message) => this.#write({ t: 'chat', message }),
			page: (roomId: string, limit: number, beforeId?: string): Promise<ChatPage> =>
				this.#memChat.page(roomId, limit, beforeId),
			deleteRoom: async (room) => this.#write({ t: 'chat-del', room }),
		};
		this.sessions = {
			get: (id) => this.#memSessions.get(id),
			set: async (id, record) => this.#write({ t: 'sess', id, record }),
			destroy: async (id) => this.#write({ t: 'sess-del', id }),
		};
	}

	static async open(opts: EmbeddedStoreOptions): Promise<EmbeddedStore> {
		const store = new EmbeddedStore(opts);
		store.#open();
		return store;
	}

	get paths() {
		const { dir } = this.#opts;
		return { dir, snapshot: join(dir, 'snapshot.json'), journal: join(dir, 'journal.jsonl') };
	}

	#open(): void {
		const { dir, log } = this.#opts;
		mkdirSync(dir, { recursive: true });
		this.#takeLock();
		this.#loadSnapshot();
		this.#replayJournal();
		// Start clean: fold what was replayed into a fresh snapshot and an empty journal.
		this.#journalFd = openSync(this.paths.journal, 'a', 0o600);
		this.#compact();
		log.info(
			{ dir, rooms: this.#memRooms.rooms.size, sessions: this.#memSessions.sessions.size },
			'embedded store opened',
		);
	}

	#takeLock(): void {
		if (existsSync(this.#lockPath)) {
			const pid = Number(readFileSync(this.#lockPath, 'utf8').trim());
			if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
				throw new Error(
					`APP_DATA_DIR ${this.#opts.dir} is in use by another VideoTogether process (pid ${pid}). Give each process its own data directory, or use Redis to run several.`,
				);
			}
		}
		writeFileDurably(this.#lockPath, String(process.pid));
	}

	#setAside(path: string, reason: string): void {
		const aside = `${path}.corrupt-${this.#opts.clock.nowMs()}`;
		renameSync(path, aside);
		this.#opts.log.error(
			{ path, setAsideAs: aside, reason },
			'stored data was unreadable and has been set aside',
		);
	}

	#loadSnapshot(): void {
		const { snapshot } = this.paths;
		if (!existsSync(snapshot)) return;
		try {
			const data = JSON.parse(readFileSync(snapshot, 'utf8')) as Snapshot;
			if (data.version !== 1 || !Array.isArray(data.rooms) || !Array.isArray(data.sessions))
				throw new Error('unexpected layout');
			for (const room of data.rooms) this.#memRooms.rooms.set(room.info.id, room);
			for (const [room, messages] of Object.entries(data.chat ?? {}))
				this.#memChat.rooms.set(room, messages);
			for (const [id, record] of data.sessions) this.#memSessions.sessions.set(id, record);
		} catch (error) {
			this.#setAside(snapshot, (error as Error).message);
		}
	}

	#replayJournal(): void {
		const { journal } = this.paths;
		if (!existsSync(journal)) return;
		const lines = readFileSync(journal, 'utf8').split('\n');
		if (lines[lines.length - 1] === '') lines.pop();
		let corrupt = 0;
		lines.forEach((line, index) => {
			try {
				this.#applyEntry(JSON.parse(line) as JournalEntry);
			} catch {
				if (index === lines.length - 1) {
					this.#opts.log.warn(
						{ path: journal },
						'ignored a torn last journal entry (the server stopped mid-write)',
					);
				} else {
					corrupt++;
				}
			}
		});
		if (corrupt > 0) this.#setAside(journal, `${corrupt} unreadable journal entries`);
	}

	#applyEntry(entry: JournalEntry): void {
		switch (entry.t) {
			case 'room':
				this.#memRooms.rooms.set(entry.state.info.id, entry.state);
				return;
			case 'room-del':
				this.#memRooms.rooms.delete(entry.id);
				return;
			case 'chat':
				void this.#memChat.append(entry.message);
				return;
			case 'chat-del':
				this.#memChat.rooms.delete(entry.room);
				return;
			case 'sess':
				this.#memSessions.sessions.set(entry.id, entry.record);
				return;
			case 'sess-del':
				this.#memSessions.sessions.delete(entry.id);
				return;
			default:
				throw new Error('unknown journal entry');
		}
	}

	#write(entry: JournalEntry): void {
		if (this.#closed || this.#journalFd === null) throw new Error('store is closed');
		this.#applyEntry(JSON.parse(JSON.stringify(entry)) as JournalEntry);
		const line = `${JSON.stringify(entry)}\n`;
		writeSync(this.#journalFd, line);
		fsyncSync(this.#journalFd);
		this.#journalBytes += Buffer.byteLength(line);
		if (this.#journalBytes > this.#opts.maxJournalBytes) this.#compact();
		else this.#scheduleSnapshot();
	}

	#scheduleSnapshot(): void {
		if (this.#snapshotTimer) return;
		this.#snapshotTimer = setTimeout(() => {
			this.#snapshotTimer = null;
			if (!this.#closed) this.#compact();
		}, this.#opts.snapshotDelayMs);
		this.#snapshotTimer.unref();
	}

	/** Write the snapshot atomically, then empty the journal (synchronously: no change slips between). */
	#compact(): void {
		if (this.#journalFd === null) return;
		this.#memSessions.sweep();
		const snapshot: Snapshot = {
			version: 1,
			savedAt: this.#opts.clock.nowMs(),
			rooms: [...this.#memRooms.rooms.values()],
			chat: Object.fromEntries(this.#memChat.rooms),
			sessions: [...this.#memSessions.sessions],
		};
		const { snapshot: path, dir } = this.paths;
		const tmp = `${path}.tmp-${process.pid}`;
		writeFileDurably(tmp, JSON.stringify(snapshot));
		renameSync(tmp, path);
		fsyncDir(dir);
		ftruncateSync(this.#journalFd, 0);
		fsyncSync(this.#journalFd);
		this.#journalBytes = 0;
	}

	async ping(): Promise<void> {
		if (this.#closed) throw new Error('store is closed');
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		if (this.#snapshotTimer) clearTimeout(this.#snapshotTimer);
		this.#compact();
		this.#closed = true;
		if (this.#journalFd !== null) closeSync(this.#journalFd);
		this.#journalFd = null;
		rmSync(this.#lockPath, { force: true });
	}
}
