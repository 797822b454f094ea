import {
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	appendFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initialRoomState } from '@videotogether/shared';
import { describe, expect, it, onTestFinished } from 'vitest';
import { systemClock } from '../lib/clock.js';
import { EmbeddedStore, type StoreLog } from './embedded.store.js';
import { registerStoreContract } from './store.contract.js';

function recordingLog() {
	const entries: { level: string; msg: string; obj: object }[] = [];
	const log: StoreLog = {
		info: (obj, msg) => entries.push({ level: 'info', msg, obj }),
		warn: (obj, msg) => entries.push({ level: 'warn', msg, obj }),
		error: (obj, msg) => entries.push({ level: 'error', msg, obj }),
	};
	return { log, entries };
}

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'vt-store-'));
	onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

async function openIn(dir: string, log = recordingLog().log, snapshotDelayMs = 1_000) {
	const store = await EmbeddedStore.open({ dir, clock: systemClock, log, snapshotDelayMs });
	onTestFinished(() => store.close());
	return store;
}

registerStoreContract(
	'embedded',
	async () => {
		const dir = tempDir();
		let store = await openIn(dir);
		return {
			store,
			reopen: async () => {
				await store.close();
				store = await openIn(dir);
				return store;
			},
		};
	},
	{ durable: true },
);

describe('embedded store durability', () => {
	it('an acknowledged write survives a crash (no close, no snapshot: the journal has it)', async () => {
		const dir = tempDir();
		const store = await openIn(dir, recordingLog().log, 60_000);
		await store.rooms.saveRoom(initialRoomState(1, { id: 'crash', name: 'Crash' }));
		expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toContain('"Crash"');
		// Simulate SIGKILL: drop the lock as a dead process would leave it, open again without close().
		writeFileSync(join(dir, '.lock'), '999999999');
		const after = await openIn(dir);
		expect((await after.rooms.loadRooms()).map((r) => r.info.name)).toEqual(['Crash']);
	});

	it('writes the snapshot atomically shortly after a change and empties the journal', async () => {
		const dir = tempDir();
		const store = await openIn(dir, recordingLog().log, 20);
		await store.chat.append({
			id: 'a',
			room: 'r',
			userId: 'u',
			name: 'U',
			text: 'hi',
			sentAt: 1,
			mediaMs: null,
			mediaId: null,
		});
		await new Promise((resolve) => setTimeout(resolve, 80));
		expect(JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')).chat.r).toHaveLength(1);
		expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toBe('');
		expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
	});

	it('sets a corrupt snapshot aside, reports it, and starts from the journal', async () => {
		const dir = tempDir();
		writeFileSync(join(dir, 'snapshot.json'), '{"version":1,"rooms":[{"info":');
		appendFileSync(
			join(dir, 'journal.jsonl'),
			`${JSON.stringify({ t: 'room', state: initialRoomState(1, { id: 'j', name: 'FromJournal' }) })}\n`,
		);
		const { log, entries } = recordingLog();
		const store = await openIn(dir, log);
		expect((await store.rooms.loadRooms()).map((r) => r.info.name)).toEqual(['FromJournal']);
		expect(entries.find((e) => e.level === 'error')?.msg).toMatch(/set aside/);
		expect(readdirSync(dir).some((f) => f.startsWith('snapshot.json.corrupt-'))).toBe(true);
	});

	it('skips a torn last journal line with a warning', async () => {
		const dir = tempDir();
		appendFileSync(
			join(dir, 'journal.jsonl'),
			`${JSON.stringify({ t: 'room', state: initialRoomState(1, { id: 'ok', name: 'Ok' }) })}\n{"t":"room","sta`,
		);
		const { log, entries } = recordingLog();
		const store = await openIn(dir, log);
		expect((await store.rooms.loadRooms()).map((r) => r.info.name)).toEqual(['Ok']);
		expect(entries.some((e) => e.level === 'warn' && /torn/.test(e.msg))).toBe(true);
	});

	it('refuses a data directory another live process holds', async () => {
		const dir = tempDir();
		writeFileSync(join(dir, '.lock'), String(process.ppid));
		await expect(
			EmbeddedStore.open({ dir, clock: systemClock, log: recordingLog().log }),
		).rejects.toThrow(/in use by another VideoTogether process/);
	});

	it('releases the lock on close', async () => {
		const dir = tempDir();
		const store = await openIn(dir);
		await store.close();
		expect(existsSync(join(dir, '.lock'))).toBe(false);
	});
});
