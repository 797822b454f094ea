/**
 * One contract every AppStore implementation passes (rule ids [ST…] name each promise).
 * `reopen` simulates a restart: a new store over the same backing data.
 */
import { initialRoomState, type ChatMessage } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import type { AppStore } from './store.js';

export interface StoreHarness {
	store: AppStore;
	/** Close this store and open a fresh one over the same data (a restart). */
	reopen(): Promise<AppStore>;
}

const T0 = 1_700_000_000_000;

function message(room: string, i: number): ChatMessage {
	return {
		id: `m${String(i).padStart(4, '0')}`,
		room,
		userId: 'u1',
		name: 'Ann',
		text: `hello ${i}`,
		sentAt: T0 + i,
		mediaMs: null,
		mediaId: null,
	};
}

export function registerStoreContract(
	name: string,
	open: () => Promise<StoreHarness>,
	options: { durable: boolean },
): void {
	describe(`${name} store contract`, () => {
		it('[ST1] saves, loads and deletes rooms, without their connections', async () => {
			const { store } = await open();
			const room = initialRoomState(T0, { id: 'film', name: 'Film' });
			const withMember = {
				...room,
				members: {
					c1: {
						id: 'c1',
						userId: 'u',
						name: 'U',
						status: 'ready' as const,
						driftMs: 3,
						driftKind: 'frame' as const,
						rttMs: 2,
						noWait: false,
						readyOnce: true,
						skipWait: false,
					},
				},
			};
			await store.rooms.saveRoom(withMember);
			await store.rooms.saveRoom({ ...room, info: { ...room.info, name: 'Film 2' } });
			const loaded = await store.rooms.loadRooms();
			expect(loaded).toHaveLength(1);
			expect(loaded[0]?.info.name).toBe('Film 2');
			expect(loaded[0]?.members).toEqual({});
			await store.rooms.deleteRoom('film');
			expect(await store.rooms.loadRooms()).toEqual([]);
		});

		it('[ST2] appends chat in order and pages backwards', async () => {
			const { store } = await open();
			for (let i = 0; i < 5; i++) await store.chat.append(message('r', i));
			await store.chat.append(message('other', 99));
			const page = await store.chat.page('r', 2);
			expect(page.messages.map((m) => m.id)).toEqual(['m0003', 'm0004']);
			expect(page.hasMore).toBe(true);
			const older = await store.chat.page('r', 10, 'm0003');
			expect(older).toEqual({ messages: [0, 1, 2].map((i) => message('r', i)), hasMore: false });
			await store.chat.deleteRoom('r');
			expect((await store.chat.page('r', 10)).messages).toEqual([]);
			expect((await store.chat.page('other', 10)).messages).toHaveLength(1);
		});

		it('[ST3] stores sessions and never returns an expired one', async () => {
			const { store } = await open();
			await store.sessions.set('s1', {
				data: { user: { id: 'u', name: 'U', kind: 'shared' } },
				expiresAtMs: Date.now() + 60_000,
			});
			await store.sessions.set('old', { data: {}, expiresAtMs: Date.now() - 1 });
			expect(await store.sessions.get('s1')).toMatchObject({ data: { user: { name: 'U' } } });
			expect(await store.sessions.get('old')).toBeNull();
			expect(await store.sessions.get('missing')).toBeNull();
			await store.sessions.destroy('s1');
			expect(await store.sessions.get('s1')).toBeNull();
		});

		it('[ST4] returns copies: callers cannot change what is stored', async () => {
			const { store } = await open();
			const room = initialRoomState(T0, { id: 'copy' });
			await store.rooms.saveRoom(room);
			room.info.name = 'mutated';
			const [loaded] = await store.rooms.loadRooms();
			expect(loaded?.info.name).toBe('');
		});

		if (options.durable) {
			it('[ST5] keeps rooms, chat and sessions across a restart', async () => {
				const harness = await open();
				const room = initialRoomState(T0, { id: 'keep', name: 'Keep' });
				await harness.store.rooms.saveRoom(room);
				await harness.store.chat.append(message('keep', 1));
				await harness.store.sessions.set('s', { data: { a: 1 }, expiresAtMs: null });
				const reopened = await harness.reopen();
				expect((await reopened.rooms.loadRooms()).map((r) => r.info.name)).toEqual(['Keep']);
				expect((await reopened.chat.page('keep', 10)).messages).toEqual([message('keep', 1)]);
				expect(await reopened.sessions.get('s')).toEqual({ data: { a: 1 }, expiresAtMs: null });
			});
		}

		it('[ST6] answers ping while open', async () => {
			const { store } = await open();
			await expect(store.ping()).resolves.toBeUndefined();
		});
	});
}
