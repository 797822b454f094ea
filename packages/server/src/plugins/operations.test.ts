import { describe, expect, it } from 'vitest';
import { buildTestApp, injectLogin } from '../../test/build-test-app.js';
import { createClient, httpLogin, listen, waitFor } from '../../test/socket-client.js';

describe('security headers', () => {
	it('sends a CSP allowing exactly the app, media, sockets and the Bilibili embed', async () => {
		const app = await buildTestApp();
		const res = await app.inject({ method: 'GET', url: '/login' });
		const csp = String(res.headers['content-security-policy']);
		expect(csp).toContain("default-src 'self'");
		expect(csp).toContain("script-src 'self'");
		expect(csp).toContain('frame-src https://player.bilibili.com');
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("object-src 'none'");
		expect(csp).toMatch(/media-src [^;]*blob:/);
		expect(csp).toMatch(/connect-src [^;]*wss:/);
		expect(csp).not.toContain('upgrade-insecure-requests');
		expect(res.headers['x-content-type-options']).toBe('nosniff');
		expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
	});

	it('never shows stack traces or internal messages', async () => {
		const app = await buildTestApp();
		app.get('/api/boom', async () => {
			throw new Error('secret internal detail at /srv/app.js:12');
		});
		const cookie = await injectLogin(app);
		const res = await app.inject({ method: 'GET', url: '/api/boom', headers: { cookie } });
		expect(res.statusCode).toBe(500);
		expect(res.json()).toEqual({ ok: false, error: 'internal', message: 'Internal Server Error' });
		expect(res.body).not.toContain('secret');
	});
});

describe('GET /metrics', () => {
	it('exports sockets, rooms, viewers, command latency, client drift, corrections and login failures', async () => {
		const app = await buildTestApp();
		const base = await listen(app);
		await fetch(`${base}/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ password: 'wrong' }),
		});
		const cookie = await httpLogin(base);
		const socket = createClient(base, cookie);
		await waitFor(socket, 'playback:state');
		const send = (event: string, payload: unknown) =>
			(
				socket as unknown as { emitWithAck: (e: string, p: unknown) => Promise<unknown> }
			).emitWithAck(event, payload);
		await send('playback:command', { type: 'load', url: 'https://media.example/a.mp4', seq: 0 });
		await send('player:drift', { driftMs: -37, kind: 'frame', correcting: 'rate' });
		const text = await (await fetch(`${base}/metrics`)).text();
		expect(text).toMatch(/^vt_connected_sockets 1$/m);
		expect(text).toMatch(/^vt_room_viewers\{room="default"\} 1$/m);
		expect(text).toMatch(/^vt_command_broadcast_seconds_count\{type="load"\} 1$/m);
		expect(text).toMatch(/^vt_client_drift_ms_bucket\{le="40",kind="frame"\} 1$/m);
		expect(text).toMatch(/^vt_client_drift_ms_bucket\{le="33",kind="frame"\} 0$/m);
		expect(text).toMatch(/^vt_corrections_total\{kind="rate"\} 1$/m);
		expect(text).toMatch(/^vt_login_failures_total\{reason="invalid_credentials"\} 1$/m);
	});

	it('requires the bearer token when APP_METRICS_TOKEN is set', async () => {
		const app = await buildTestApp({ APP_METRICS_TOKEN: 'scrape-token-1234567' });
		expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
		expect(
			(
				await app.inject({
					method: 'GET',
					url: '/metrics',
					headers: { authorization: 'Bearer nope' },
				})
			).statusCode,
		).toBe(401);
		const ok = await app.inject({
			method: 'GET',
			url: '/metrics',
			headers: { authorization: 'Bearer scrape-token-1234567' },
		});
		expect(ok.statusCode).toBe(200);
		expect(ok.body).toContain('vt_rooms 1');
	});

	it('readyz reports the store', async () => {
		const app = await buildTestApp();
		expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
			ok: true,
			store: 'memory',
		});
	});
});
