import type { PlaybackCommand, RoomPlayback } from '@videotogether/shared';
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
