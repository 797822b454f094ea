import type { PlaybackCommand, RoomInfo, RoomPlayback } from '@videotogether/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock, FakePlayer, roomPlayback } from '../../test/fake-player.js';
import { FakeSocket } from '../../test/fake-socket.js';
import { legacyState } from '../../test/fixtures.js';
import { NOTICE_MS, RoomState } from './room.svelte.js';

/** The server's clock runs 5 s ahead of ours. */
const OFFSET = 5000;

class FakeDocument {
	visibilityState: DocumentVisibilityState = 'visible';
	#listeners = new Set<() => void>();
	addEventListener(_type: string, listener: () => void) {
		this.#listeners.add(listener);
	}
	removeEventListener(_type: string, listener: () => void) {
		this.#listeners.delete(listener);
	}
	fire() {
		for (const listener of this.#listeners) listener();
	}
}

function setup() {
	const socket = new FakeSocket();
	const clock = new FakeClock();
	const doc = new FakeDocument();
	socket.replies['clock:ping'] = (payload) => {
		const { t0 } = payload as { t0: number };
		return { ok: true, t0, t1: t0 + OFFSET, t2: t0 + OFFSET };
	};
	const room = new RoomState({
		createSocket: () => socket.asSocket(),
		now: () => clock.local,
		document: doc as unknown as Document,
		gentle: () => true,
	});
	const connect = async () => {
		room.connect();
		socket.fire('connect');
		await vi.advanceTimersByTimeAsync(0);
	};
	const serverNow = () => clock.local + OFFSET;
	/** Server → client `playback:state`. */
	const push = (state: RoomPlayback) => socket.fire('playback:state', state);
	const commands = () => socket.sent('playback:command') as PlaybackCommand[];
	return { socket, clock, doc, room, connect, serverNow, push, commands };
}

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe('RoomState: state', () => {
	it('is idle at position 0 before any state', () => {
		const { room } = setup();
		expect(room.status).toBe('idle');
		expect(room.expectedMs()).toBe(0);
		expect(room.media).toBeNull();
	});

	it('applies playback:state: phase, media and the position on the server clock', async () => {
		const t = setup();
		await t.connect();
		t.push(roomPlayback({ paused: false, positionMs: 10_000, anchorMs: t.serverNow(), seq: 4 }));
		expect(t.room.status).toBe('playing');
		expect(t.room.media?.kind).toBe('direct');
		t.clock.local += 3000;
		expect(t.room.expectedMs()).toBe(13_000);
		expect(t.room.memberId).toBe('socket-1');
	});

	it('ignores states older than the last one', async () => {
		const t = setup();
		await t.connect();
		expect(t.room.applyPlayback(roomPlayback({ seq: 5, actor: 'Bo' }))).toBe(true);
		expect(t.room.applyPlayback(roomPlayback({ seq: 4, actor: 'Cy' }))).toBe(false);
		expect(t.room.state?.actor).toBe('Bo');
	});

	it('falls back to the original state message until playback:state is seen', async () => {
		const t = setup();
		await t.connect();
		t.socket.fire('state', legacyState({ status: 'paused', seq: 1 }));
		expect(t.room.status).toBe('paused');
		t.push(roomPlayback({ paused: false, seq: 2, anchorMs: t.serverNow() }));
		expect(t.room.status).toBe('playing');
		t.socket.fire('state', legacyState({ status: 'paused', seq: 3 }));
		expect(t.room.status).toBe('playing');
	});

	it('keeps the members and finds itself among them', async () => {
		const t = setup();
		await t.connect();
		const member = {
			userId: 'u',
			status: 'ready',
			driftMs: 3,
			driftKind: 'frame',
			rttMs: 10,
			noWait: false,
		} as const;
		t.socket.fire('room:members', {
			room: 'default',
			members: [
				{ ...member, id: 'other', name: 'Ann' },
				{ ...member, id: 'socket-1', name: 'Bo', noWait: true },
			],
		});
		expect(t.room.members).toHaveLength(2);
		expect(t.room.self?.name).toBe('Bo');
		expect(t.room.noWait).toBe(true);
	});

	it('shows app errors, except those of background reports', async () => {
		const t = setup();
		await t.connect();
		t.socket.fire('app:error', { event: 'player:drift', error: 'rate_limited', message: '' });
		expect(t.room.appError).toBeNull();
		t.socket.fire('app:error', { event: 'chat:send', error: 'invalid_payload', message: 'x' });
		expect(t.room.appError?.error).toBe('invalid_payload');
	});

	it('hands an unauthorized handshake to onUnauthorized', () => {
		const t = setup();
		t.room.onUnauthorized = vi.fn();
		t.room.connect();
		t.socket.fire('connect_error', new Error('unauthorized'));
		expect(t.room.onUnauthorized).toHaveBeenCalledOnce();
		expect(t.room.phase).toBe('offline');
	});
});

describe('RoomState: commands', () => {
	it('sends playback commands with the last seen seq and applies the acked state', async () => {
		const t = setup();
		expect(await t.room.play()).toEqual({ ok: false, error: 'network' });
		await t.connect();
		t.push(roomPlayback({ seq: 7, anchorMs: t.serverNow() }));
		const after = roomPlayback({ seq: 8, paused: false, anchorMs: t.serverNow() + 150 });
		t.socket.replies['playback:command'] = () => ({ ok: true, state: after });
		expect(await t.room.play()).toEqual({ ok: true });
		expect(t.commands().at(-1)).toEqual({ type: 'play', seq: 7 });
		expect(t.room.state?.seq).toBe(8);
		await t.room.seek(61_234.6);
		expect(t.commands().at(-1)).toEqual({ type: 'seek', positionMs: 61_235, seq: 8 });
		await t.room.setRate(1.5);
		expect(t.commands().at(-1)).toEqual({ type: 'rate', rate: 1.5, seq: 8 });
		await t.room.load('https://media.example/b.mp4');
		expect(t.commands().at(-1)).toEqual({
			type: 'load',
			url: 'https://media.example/b.mp4',
			seq: 8,
		});
		await t.room.pause();
		expect(t.commands().at(-1)).toEqual({ type: 'pause', seq: 8 });
	});

	it('on stale_seq applies the returned state (someone else won) and shows a notice', async () => {
		const t = setup();
		await t.connect();
		t.push(roomPlayback({ seq: 3, anchorMs: t.serverNow() }));
		const winner = roomPlayback({
			seq: 4,
			paused: false,
			positionMs: 30_000,
			actor: 'Cy',
			anchorMs: t.serverNow(),
		});
		t.socket.replies['playback:command'] = () => ({
			ok: false,
			error: 'stale_seq',
			message: 'Someone changed the playback first',
			state: winner,
		});
		const result = await t.room.seek(5000);
		expect(result).toMatchObject({ ok: false, error: 'stale_seq' });
		expect(t.room.state?.seq).toBe(4);
		expect(t.room.status).toBe('playing');
		expect(t.room.notice).toEqual({ kind: 'stale', actor: 'Cy' });
		await vi.advanceTimersByTimeAsync(NOTICE_MS);
		expect(t.room.notice).toBeNull();
	});

	it('passes other errors through and times out when nobody answers', async () => {
		const t = setup();
		await t.connect();
		t.push(roomPlayback({ seq: 1, anchorMs: t.serverNow() }));
		t.socket.replies['playback:command'] = () => ({
			ok: false,
			error: 'rate_limited',
			message: 'slow down',
			retry_after_s: 3,
		});
		expect(await t.room.play()).toEqual({
			ok: false,
			error: 'rate_limited',
			message: 'slow down',
			retryAfterS: 3,
		});
		t.socket.replies['playback:command'] = undefined;
		const pending = t.room.play();
		await vi.advanceTimersByTimeAsync(10_000);
		expect(await pending).toEqual({ ok: false, error: 'timeout' });
	});

	it('uses the original control event with a server that has not spoken playback:state', async () => {
		const t = setup();
		await t.connect();
		t.socket.fire('state', legacyState({ status: 'paused', position_ms: 10_000, seq: 1 }));
		expect(await t.room.seek(20_000)).toEqual({ ok: true });
		expect(t.socket.sent('control').at(-1)).toEqual({ type: 'seek', position_ms: 20_000 });
		expect(t.commands()).toEqual([]);
	});

	it('tells the server not to wait for this viewer', async () => {
		const t = setup();
		await t.connect();
		t.room.setNoWait(true);
		expect(t.socket.sent('member:settings')).toEqual([{ noWait: true }]);
		expect(t.room.noWait).toBe(true);
	});
});

describe('RoomState: echo suppression', () => {
	it('never emits a command while applying remote states to the player', async () => {
		const t = setup();
		await t.connect();
		const player = new FakePlayer(t.clock);
		t.room.attachPlayer(player);
		const now = t.serverNow();
		t.push(roomPlayback({ seq: 1, paused: true, positionMs: 0, anchorMs: now }));
		await vi.advanceTimersByTimeAsync(0);
		t.push(roomPlayback({ seq: 2, paused: false, positionMs: 0, anchorMs: now + 200 }));
		for (let i = 0; i < 40; i += 1) {
			t.clock.local += 50;
			await vi.advanceTimersByTimeAsync(50);
		}
		t.push(roomPlayback({ seq: 3, paused: false, positionMs: 90_000, anchorMs: t.serverNow() }));
		t.push(
			roomPlayback({ seq: 4, paused: false, positionMs: 90_000, rate: 2, anchorMs: t.serverNow() }),
		);
		t.push(roomPlayback({ seq: 5, paused: true, positionMs: 91_000, anchorMs: t.serverNow() }));
		for (let i = 0; i < 40; i += 1) {
			t.clock.local += 50;
			await vi.advanceTimersByTimeAsync(50);
		}
		expect(player.calls).toContain('play');
		expect(player.calls).toContain('pause');
		expect(player.seeks.length).toBeGreaterThan(0);
		const events = new Set(t.socket.emitted.map((e) => e.event));
		expect(events.has('playback:command')).toBe(false);
		expect(events.has('control')).toBe(false);
		expect([...events].sort()).toEqual(['clock:ping', 'player:drift', 'player:status']);
	});
});

describe('RoomState: resync', () => {
	it('re-pings the clock, re-reports its status and re-places the player on reconnect', async () => {
		const t = setup();
		await t.connect();
		const player = new FakePlayer(t.clock);
		t.room.attachPlayer(player);
		t.push(roomPlayback({ seq: 9, paused: true, positionMs: 1000, anchorMs: t.serverNow() }));
		await vi.advanceTimersByTimeAsync(0);
		const pings = t.socket.sent('clock:ping').length;
		const statuses = t.socket.sent('player:status').length;
		const resync = vi.spyOn(t.room.sync, 'resync');
		t.socket.fire('disconnect', 'transport close');
		expect(t.room.phase).toBe('reconnecting');
		t.socket.id = 'socket-2';
		t.socket.fire('connect');
		await vi.advanceTimersByTimeAsync(0);
		expect(t.room.memberId).toBe('socket-2');
		expect(resync).toHaveBeenCalledOnce();
		expect(t.socket.sent('clock:ping').length).toBe(pings + 1);
		expect(t.socket.sent('player:status').length).toBe(statuses + 1);
		// A restarted server may count seqs from 1 again.
		t.push(roomPlayback({ seq: 1, paused: true, positionMs: 2000, anchorMs: t.serverNow() }));
		expect(t.room.state?.seq).toBe(1);
		await vi.advanceTimersByTimeAsync(0);
		expect(player.currentMs()).toBe(2000);
		expect(player.loads).toHaveLength(1);
	});

	it('resyncs when the tab becomes visible again', async () => {
		const t = setup();
		await t.connect();
		const resync = vi.spyOn(t.room.sync, 'resync');
		const pings = t.socket.sent('clock:ping').length;
		t.doc.visibilityState = 'hidden';
		t.doc.fire();
		expect(resync).not.toHaveBeenCalled();
		t.doc.visibilityState = 'visible';
		t.doc.fire();
		await vi.advanceTimersByTimeAsync(0);
		expect(resync).toHaveBeenCalledOnce();
		expect(t.socket.sent('clock:ping').length).toBe(pings + 1);
	});

	it('syncs the clock with pings after connecting, again after logout and login', async () => {
		const t = setup();
		await t.connect();
		expect(t.room.clock.synced).toBe(true);
		expect(t.room.clock.offsetMs).toBe(OFFSET);
		t.room.disconnect();
		await vi.advanceTimersByTimeAsync(60_000);
		const pings = t.socket.sent('clock:ping').length;
		await t.connect();
		expect(t.socket.sent('clock:ping').length).toBe(pings + 1);
		t.room.disconnect();
	});
});

describe('RoomState: rooms', () => {
	const info = (over: Partial<RoomInfo> = {}): RoomInfo => ({
		id: 'r1',
		name: 'Movie night',
		controlMode: 'host',
		hostId: 'guest:host',
		hostName: 'Hana',
		createdBy: 'guest:host',
		createdAt: 0,
		lastActiveAt: 0,
		...over,
	});
	const member = (id: string, userId: string) => ({
		id,
		userId,
		name: userId,
		status: 'ready' as const,
		driftMs: null,
		driftKind: null,
		rttMs: null,
		noWait: false,
	});

	it('joins the room named in the handshake; another room is another socket', async () => {
		const sockets: FakeSocket[] = [];
		const rooms: string[] = [];
		const room = new RoomState({
			createSocket: (roomId) => {
				rooms.push(roomId);
				const socket = new FakeSocket();
				sockets.push(socket);
				return socket.asSocket();
			},
			document: null,
		});
		room.connect('r1');
		room.connect('r1');
		expect(rooms).toEqual(['r1']);
		sockets[0]?.fire('connect');
		sockets[0]?.fire('room:info', { room: info(), queue: [] });
		expect(room.info?.name).toBe('Movie night');
		room.connect('r2');
		expect(rooms).toEqual(['r1', 'r2']);
		expect(sockets[0]?.active).toBe(false);
		expect(room.roomId).toBe('r2');
		expect(room.info).toBeNull();
		// The old socket's late events change nothing.
		sockets[0]?.fire('room:info', { room: info({ name: 'Old' }), queue: [] });
		expect(room.info).toBeNull();
		room.disconnect();
	});

	it('knows the host, the rules and who may control', async () => {
		const t = setup();
		await t.connect();
		t.socket.fire('room:info', { room: info(), queue: [] });
		t.socket.fire('room:members', {
			room: 'r1',
			members: [member('socket-1', 'guest:me'), member('other', 'guest:host')],
			count: 2,
		});
		expect(t.room.controlMode).toBe('host');
		expect(t.room.isHost).toBe(false);
		expect(t.room.canControl).toBe(false);
		expect(t.room.memberCount).toBe(2);
		t.socket.fire('room:info', { room: info({ hostId: 'guest:me' }), queue: [] });
		expect(t.room.isHost).toBe(true);
		expect(t.room.canControl).toBe(true);
	});

	it('explains a host-only refusal and asks the host for exactly that', async () => {
		const t = setup();
		await t.connect();
		t.push(roomPlayback({ seq: 2, anchorMs: t.serverNow() }));
		t.socket.replies['playback:command'] = () => ({
			ok: false,
			error: 'not_allowed',
			message: 'Only the host can control playback.',
		});
		expect(await t.room.seek(42_000)).toMatchObject({ ok: false, error: 'not_allowed' });
		expect(t.room.notice).toEqual({
			kind: 'host-only',
			request: { action: 'seek', positionMs: 42_000 },
		});
		t.socket.replies['room:request'] = () => ({ ok: true });
		expect(await t.room.askHost({ action: 'seek', positionMs: 42_000 })).toEqual({ ok: true });
		expect(t.socket.sent('room:request')).toEqual([{ action: 'seek', positionMs: 42_000 }]);
		expect(t.room.notice).toEqual({ kind: 'asked' });
		t.socket.replies['room:request'] = () => ({ ok: false, error: 'not_found', message: 'away' });
		await t.room.askHost({ action: 'play' });
		expect(t.room.notice).toEqual({ kind: 'host-away' });
	});

	it('asks the host to skip or play a queue item when that is refused', async () => {
		const t = setup();
		await t.connect();
		const item = {
			id: 'q1',
			media: { id: 'https://m.example/a.mp4', kind: 'direct', url: 'https://m.example/a.mp4' },
			addedBy: 'Ann',
			addedById: 'guest:ann',
			addedAt: 0,
		} as const;
		t.socket.fire('room:info', { room: info(), queue: [item] });
		t.socket.replies['queue:command'] = () => ({ ok: false, error: 'not_allowed', message: 'no' });
		await t.room.queueCommand({ type: 'play', itemId: 'q1' });
		expect(t.room.notice).toEqual({
			kind: 'host-only',
			request: { action: 'load', url: 'https://m.example/a.mp4' },
		});
		await t.room.queueCommand({ type: 'next' });
		expect(t.room.notice).toEqual({ kind: 'host-only', request: { action: 'next' } });
		t.socket.replies['queue:command'] = () => ({ ok: true });
		expect(await t.room.queueCommand({ type: 'add', url: 'https://m.example/b.mp4' })).toEqual({
			ok: true,
		});
		expect(t.socket.sent('queue:command').at(-1)).toEqual({
			type: 'add',
			url: 'https://m.example/b.mp4',
		});
	});

	it('shows requests to the host and does what they ask', async () => {
		const t = setup();
		await t.connect();
		t.push(roomPlayback({ seq: 3, anchorMs: t.serverNow() }));
		const request = {
			action: 'rate',
			rate: 1.5,
			room: 'r1',
			fromName: 'Bo',
			fromId: 'guest:bo',
			atMs: 1,
		} as const;
		t.socket.fire('room:request', request);
		expect(t.room.requests.items).toHaveLength(1);
		t.socket.replies['playback:command'] = () => ({ ok: true, state: roomPlayback({ seq: 4 }) });
		await t.room.performRequest(request);
		expect(t.commands().at(-1)).toEqual({ type: 'rate', rate: 1.5, seq: 3 });
	});

	it('says when the room does not exist, and when it was deleted', async () => {
		const t = setup();
		t.room.connect('gone');
		t.socket.fire('connect_error', new Error('room_not_found'));
		expect(t.room.notFound).toBe(true);
		expect(t.room.phase).toBe('offline');
		const closed = vi.fn();
		t.room.onClosed = closed;
		t.room.connect('r1');
		expect(t.room.notFound).toBe(false);
		t.socket.fire('connect');
		t.socket.fire('room:closed', { room: 'r1' });
		expect(closed).toHaveBeenCalledWith('r1');
		expect(t.room.closed).toBe(true);
	});

	it('feeds the chat: history on join, messages, and sends with the server’s answers', async () => {
		const t = setup();
		await t.connect();
		const stored = {
			id: 'm1',
			room: 'default',
			userId: 'guest:me',
			name: 'Me',
			text: 'hi',
			sentAt: 5,
			mediaMs: null,
			mediaId: null,
		};
		t.socket.fire('chat:history', { messages: [stored], hasMore: false });
		expect(t.room.chat.entries.map((e) => e.id)).toEqual(['m1']);
		t.socket.replies['chat:send'] = () => ({
			ok: false,
			error: 'too_long',
			message: 'long',
			limit: 300,
		});
		t.room.chat.send('hello');
		await vi.advanceTimersByTimeAsync(0);
		expect(t.socket.sent('chat:send')).toEqual([
			{ message: 'hello', clientId: expect.any(String) as string },
		]);
		expect(t.room.chat.limit).toBe(300);
		t.socket.fire('chat:message', { ...stored, id: 'm2', text: 'again' });
		expect(t.room.chat.entries.map((e) => e.id)).toEqual(['m1', null, 'm2']);
		t.room.disconnect();
		expect(t.room.chat.entries).toEqual([]);
	});
});
