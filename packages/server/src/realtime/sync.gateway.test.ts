import type { RoomMembers, RoomPlayback } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/build-test-app.js';
import {
	createClient,
	httpLogin,
	listen,
	waitFor,
	type TestSocket,
} from '../../test/socket-client.js';

const MEDIA = 'https://media.example/film.mp4';

async function room(env: Record<string, string> = {}) {
	const app = await buildTestApp(env);
	const base = await listen(app);
	return base;
}

/** Connect a named viewer and wait for its first playback state. */
async function viewer(
	base: string,
	name: string,
): Promise<{ socket: TestSocket; first: RoomPlayback }> {
	const cookie = await httpLogin(base, { password: 'correct horse', name });
	const socket = createClient(base, cookie);
	const first = await waitFor<RoomPlayback>(socket, 'playback:state');
	return { socket, first };
}

const nextState = (socket: TestSocket, predicate: (s: RoomPlayback) => boolean) =>
	waitFor<RoomPlayback>(socket, 'playback:state', 5_000, predicate);
const nextMembers = (socket: TestSocket, predicate: (m: RoomMembers) => boolean) =>
	waitFor<RoomMembers>(socket, 'room:members', 5_000, predicate);

async function command(socket: TestSocket, payload: Parameters<TestSocket['emitWithAck']>[1]) {
	return (await socket.emitWithAck('playback:command', payload as never)) as {
		ok: boolean;
		error?: string;
		state?: RoomPlayback;
	};
}

describe('sync protocol over real sockets', () => {
	it('answers clock pings with the server receive and send times', async () => {
		const base = await room();
		const { socket } = await viewer(base, 'A');
		const t0 = Date.now();
		const pong = (await socket.emitWithAck('clock:ping', { t0 })) as {
			ok: boolean;
			t0: number;
			t1: number;
			t2: number;
		};
		const t3 = Date.now();
		expect(pong).toMatchObject({ ok: true, t0 });
		expect(pong.t1).toBeGreaterThanOrEqual(t0 - 5);
		expect(pong.t2).toBeGreaterThanOrEqual(pong.t1);
		expect(pong.t2).toBeLessThanOrEqual(t3 + 5);
	});

	it('loads direct media, schedules play in the future, and every viewer gets the same state', async () => {
		const base = await room();
		const a = await viewer(base, 'A');
		const b = await viewer(base, 'B');
		const loaded = await command(a.socket, { type: 'load', url: MEDIA, seq: a.first.playback.seq });
		expect(loaded).toMatchObject({
			ok: true,
			state: {
				phase: 'paused',
				playback: { media: { kind: 'direct', format: 'mp4', url: MEDIA } },
			},
		});
		const seq = loaded.state?.playback.seq ?? -1;

		const bSeesPlay = nextState(b.socket, (s) => s.phase === 'playing');
		const sentAt = Date.now();
		const played = await command(a.socket, { type: 'play', seq });
		expect(played.ok).toBe(true);
		const seen = await bSeesPlay;
		expect(seen.playback).toEqual(played.state?.playback);
		// Scheduled: the start instant lies at least the minimum lead after the command.
		expect(seen.playback.anchorMs).toBeGreaterThanOrEqual(sentAt + 150 - 5);
		expect(seen.playback.actor).toBe('A');
	});

	it('rejects a command based on a stale seq and sends the current state with the rejection', async () => {
		const base = await room();
		const a = await viewer(base, 'A');
		const b = await viewer(base, 'B');
		const loaded = await command(a.socket, { type: 'load', url: MEDIA, seq: 0 });
		const seq = loaded.state?.playback.seq ?? -1;
		// Both press at once, based on the same state: one outcome wins.
		const [first, second] = await Promise.all([
			command(a.socket, { type: 'seek', positionMs: 30_000, seq }),
			command(b.socket, { type: 'seek', positionMs: 60_000, seq }),
		]);
		const winner = first.ok ? first : second;
		const loser = first.ok ? second : first;
		expect(winner.ok).toBe(true);
		expect(loser).toMatchObject({ ok: false, error: 'stale_seq' });
		expect(loser.state?.playback).toEqual(winner.state?.playback);
		expect(loser.state?.playback.seq).toBe(seq + 1);
	});

	it('changes the rate for everyone (倍速) and validates its bounds', async () => {
		const base = await room();
		const a = await viewer(base, 'A');
		const b = await viewer(base, 'B');
		const loaded = await command(a.socket, { type: 'load', url: MEDIA, seq: 0 });
		const bSees = nextState(b.socket, (s) => s.playback.rate === 1.5);
		expect(
			(await command(a.socket, { type: 'rate', rate: 1.5, seq: loaded.state?.playback.seq ?? 0 }))
				.ok,
		).toBe(true);
		expect((await bSees).playback.rate).toBe(1.5);
		for (const rate of [0.1, 3.5, Number.NaN]) {
			expect(await command(a.socket, { type: 'rate', rate, seq: 99 })).toMatchObject({
				ok: false,
				error: 'invalid_payload',
			});
		}
	});

	it('waits for a buffering viewer, names them, and continues without them after SYNC_WAIT_MAX_MS', async () => {
		const base = await room({ SYNC_WAIT_MAX_MS: '600' });
		const a = await viewer(base, 'Ann');
		const b = await viewer(base, 'Bo');
		const loaded = await command(a.socket, { type: 'load', url: MEDIA, seq: 0 });
		const mediaId = loaded.state?.playback.media?.id ?? null;
		for (const s of [a.socket, b.socket])
			await s.emitWithAck('player:status', { status: 'ready', mediaId });
		await command(a.socket, { type: 'play', seq: loaded.state?.playback.seq ?? 0 });

		const aSeesWait = nextState(a.socket, (s) => s.phase === 'waiting');
		await b.socket.emitWithAck('player:status', { status: 'buffering', mediaId });
		const waiting = await aSeesWait;
		expect(waiting.playback.paused).toBe(true);
		expect(waiting.waiting).toMatchObject({ names: ['Bo'], memberIds: [b.socket.id] });
		expect(waiting.waiting?.deadlineMs).toBe((waiting.waiting?.sinceMs ?? 0) + 600);

		// Bo never recovers: the room continues on its own, from where it paused.
		const resumed = await nextState(a.socket, (s) => s.phase === 'playing');
		expect(resumed.playback.positionMs).toBe(waiting.waiting?.positionMs);
	});

	it('resumes as soon as the buffering viewer is ready again', async () => {
		const base = await room({ SYNC_WAIT_MAX_MS: '30000' });
		const a = await viewer(base, 'Ann');
		const b = await viewer(base, 'Bo');
		const loaded = await command(a.socket, { type: 'load', url: MEDIA, seq: 0 });
		const mediaId = loaded.state?.playback.media?.id ?? null;
		for (const s of [a.socket, b.socket])
			await s.emitWithAck('player:status', { status: 'ready', mediaId });
		await command(a.socket, { type: 'play', seq: loaded.state?.playback.seq ?? 0 });
		const waiting = nextState(a.socket, (s) => s.phase === 'waiting');
		await b.socket.emitWithAck('player:status', { status: 'buffering', mediaId });
		await waiting;
		const resumed = nextState(a.socket, (s) => s.phase === 'playing');
		await b.socket.emitWithAck('player:status', { status: 'ready', mediaId });
		expect((await resumed).playback.paused).toBe(false);
	});

	it('a late joiner gets the live state without pausing anyone, and appears in presence', async () => {
		const base = await room();
		const a = await viewer(base, 'Ann');
		const loaded = await command(a.socket, { type: 'load', url: MEDIA, seq: 0 });
		const mediaId = loaded.state?.playback.media?.id ?? null;
		await a.socket.emitWithAck('player:status', { status: 'ready', mediaId });
		const playing = await command(a.socket, { type: 'play', seq: loaded.state?.playback.seq ?? 0 });

		const annSeesJoiner = nextMembers(a.socket, (m) => m.members.some((x) => x.name === 'Late'));
		const late = await viewer(base, 'Late');
		expect(late.first.phase).toBe('playing');
		expect(late.first.playback).toEqual(playing.state?.playback);
		const members = await annSeesJoiner;
		expect(members.members.find((m) => m.name === 'Late')).toMatchObject({
			status: 'loading',
			noWait: false,
		});

		// The joiner buffers while loading: the room keeps playing.
		await late.socket.emitWithAck('player:status', { status: 'buffering', mediaId });
		await late.socket.emitWithAck('player:drift', { driftMs: 12.4, kind: 'frame', rttMs: 3 });
		const withDrift = await nextMembers(a.socket, (m) =>
			m.members.some((x) => x.name === 'Late' && x.driftMs === 12),
		);
		expect(withDrift.members.find((m) => m.name === 'Late')).toMatchObject({
			status: 'buffering',
			driftKind: 'frame',
		});
		expect(
			(await command(a.socket, { type: 'play', seq: playing.state?.playback.seq ?? 0 })).state
				?.phase,
		).toBe('playing');
	});

	it('removes a viewer from presence when they disconnect', async () => {
		const base = await room();
		const a = await viewer(base, 'Ann');
		const b = await viewer(base, 'Bo');
		const gone = nextMembers(a.socket, (m) => !m.members.some((x) => x.name === 'Bo'));
		b.socket.disconnect();
		expect((await gone).members.map((m) => m.name)).toEqual(['Ann']);
	});

	it('rejects malformed sync payloads with invalid_payload', async () => {
		const base = await room();
		const { socket } = await viewer(base, 'A');
		const cases: [string, unknown][] = [
			['playback:command', { type: 'seek', seq: 0 }],
			['playback:command', { type: 'seek', seq: -1, positionMs: 5 }],
			['playback:command', { type: 'load', seq: 0, url: '' }],
			['playback:command', { type: 'explode', seq: 0 }],
			['player:status', { status: 'sleeping' }],
			['player:drift', { driftMs: 'a lot', kind: 'frame' }],
			['member:settings', { noWait: 'yes' }],
			['clock:ping', {}],
		];
		for (const [event, payload] of cases) {
			const raw = socket as unknown as { emitWithAck: (e: string, p: unknown) => Promise<unknown> };
			const ack = (await raw.emitWithAck(event, payload)) as {
				ok: boolean;
				error: string;
			};
			expect(ack, `${event} ${JSON.stringify(payload)}`).toMatchObject({
				ok: false,
				error: 'invalid_payload',
			});
		}
		const bad = await command(socket, {
			type: 'load',
			url: 'https://evil.example/page.html',
			seq: 0,
		});
		expect(bad).toMatchObject({ ok: false, error: 'unsupported_link' });
	});
});
