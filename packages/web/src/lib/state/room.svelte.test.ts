import { describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../../test/fake-socket.js';
import { legacyState } from '../../test/fixtures.js';
import { RoomState } from './room.svelte.js';

function setup() {
	const socket = new FakeSocket();
	let now = 1_000_000;
	const room = new RoomState({ createSocket: () => socket.asSocket(), now: () => now });
	return { socket, room, setNow: (ms: number) => (now = ms) };
}

describe('RoomState', () => {
	it('is idle at position 0 before any state', () => {
		const { room } = setup();
		expect(room.status).toBe('idle');
		expect(room.positionAt(5_000_000)).toBe(0);
		expect(room.embed.src).toBeNull();
	});

	it('estimates the position at a given local time with the clock offset', () => {
		const { room } = setup();
		// Server clock 2 s ahead: it sent server_time 1_002_000 when our clock read 1_000_000.
		room.applyState(
			legacyState({ position_ms: 10_000, reported_at: 1_002_000, server_time: 1_002_000 }),
			1_000_000,
		);
		expect(room.clockOffsetMs).toBe(2000);
		expect(room.status).toBe('playing');
		expect(room.positionAt(1_000_000)).toBe(10_000);
		expect(room.positionAt(1_003_000)).toBe(13_000);
	});

	it('ignores states older than the last one for the room', () => {
		const { room } = setup();
		expect(room.applyState(legacyState({ seq: 5, actor: 'bob' }))).toBe(true);
		expect(room.applyState(legacyState({ seq: 4, actor: 'carol' }))).toBe(false);
		expect(room.state?.actor).toBe('bob');
	});

	it('reloads the embed on a seek but not on a continuing state', () => {
		const { room } = setup();
		room.applyState(
			legacyState({ seq: 1, position_ms: 10_000, reported_at: 1_000_000 }),
			1_000_000,
		);
		expect(new URL(room.embed.src ?? '').searchParams.get('t')).toBe('10');
		const loads = room.embed.loads;
		room.applyState(
			legacyState({ seq: 1, position_ms: 15_000, reported_at: 1_005_000, server_time: 1_005_000 }),
			1_005_000,
		);
		expect(room.embed.loads).toBe(loads);
		room.applyState(
			legacyState({ seq: 2, position_ms: 120_000, reported_at: 1_006_000, server_time: 1_006_000 }),
			1_006_000,
		);
		expect(room.embed.loads).toBe(loads + 1);
		expect(new URL(room.embed.src ?? '').searchParams.get('t')).toBe('120');
	});

	it('tracks the connection and applies states from the socket', () => {
		const { room, socket } = setup();
		room.connect();
		expect(room.phase).toBe('connecting');
		socket.fire('connect');
		expect(room.connected).toBe(true);
		socket.fire('state', legacyState({ status: 'paused', actor: 'dave' }));
		expect(room.status).toBe('paused');
		socket.fire('disconnect', 'transport close');
		expect(room.phase).toBe('reconnecting');
	});

	it('sends controls with the position and resolves with the ack', async () => {
		const { room, socket } = setup();
		expect(await room.sendControl('play', 1000)).toEqual({ ok: false, error: 'network' });
		room.connect();
		socket.fire('connect');
		expect(await room.sendControl('seek', 61_234.6)).toEqual({ ok: true });
		expect(socket.emitted.at(-1)?.args[0]).toEqual({
			type: 'seek',
			position_ms: 61_235,
			reported_at: 1_000_000,
		});
		socket.controlReply = { ok: false, error: 'no_media', message: 'Nothing loaded' };
		expect(await room.sendControl('play', 0)).toEqual({
			ok: false,
			error: 'no_media',
			message: 'Nothing loaded',
		});
	});

	it('hands an unauthorized handshake to onUnauthorized', () => {
		const { room, socket } = setup();
		room.onUnauthorized = vi.fn();
		room.connect();
		socket.fire('connect_error', new Error('unauthorized'));
		expect(room.onUnauthorized).toHaveBeenCalledOnce();
		expect(room.phase).toBe('offline');
	});

	it('sends a heartbeat every 5 s while connected with a video loaded', () => {
		vi.useFakeTimers();
		try {
			const { room, socket, setNow } = setup();
			room.connect();
			socket.fire('connect');
			room.applyState(legacyState({ position_ms: 0, reported_at: 1_000_000 }), 1_000_000);
			setNow(1_005_000);
			vi.advanceTimersByTime(5000);
			const heartbeat = socket.emitted.find((e) => e.event === 'heartbeat');
			expect(heartbeat?.args[0]).toMatchObject({ status: 'playing', position_ms: 5000 });
			room.disconnect();
		} finally {
			vi.useRealTimers();
		}
	});
});
