import { describe, expect, it } from 'vitest';
import { ManualClock } from '../lib/clock.js';
import { buildTestApp } from '../../test/build-test-app.js';
import {
	connectAndGetState,
	createClient,
	httpLogin,
	listen,
	waitFor,
} from '../../test/socket-client.js';

describe('socket guards', () => {
	it('drops a flood with rate_limited, then disconnects a client that keeps flooding', async () => {
		const app = await buildTestApp();
		const base = await listen(app);
		const socket = createClient(base, await httpLogin(base));
		await connectAndGetState(socket);
		const limited = waitFor<{ error: string }>(
			socket,
			'app:error',
			5_000,
			(e) => e.error === 'rate_limited',
		);
		const closed = waitFor<string>(socket, 'disconnect', 10_000);
		for (let i = 0; i < 400; i++)
			socket.emit('heartbeat', { url: null, status: 'paused', position_ms: 0 });
		expect(await limited).toMatchObject({ event: 'heartbeat', error: 'rate_limited' });
		expect(await closed).toBe('io server disconnect');
	});

	it('a normal pace of events is never limited', async () => {
		const app = await buildTestApp();
		const base = await listen(app);
		const socket = createClient(base, await httpLogin(base));
		await connectAndGetState(socket);
		const errors: unknown[] = [];
		socket.on('app:error', (e) => errors.push(e));
		for (let i = 0; i < 20; i++) {
			const pong = (await socket.emitWithAck('clock:ping', { t0: i })) as { ok: boolean };
			expect(pong.ok).toBe(true);
		}
		expect(errors).toEqual([]);
	});

	it('disconnects sockets whose session has expired', async () => {
		const clock = new ManualClock(Date.now());
		const app = await buildTestApp({ APP_SESSION_MAX_AGE_S: '60' }, { clock, sessionCheckMs: 50 });
		const base = await listen(app);
		const socket = createClient(base, await httpLogin(base));
		await connectAndGetState(socket);
		const closed = waitFor<string>(socket, 'disconnect', 5_000);
		clock.advance(61_000);
		expect(await closed).toBe('io server disconnect');
	});
});
