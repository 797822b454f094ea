/**
 * Hostile input at every HTTP route and socket event — generated (fast-check) and hand-picked
 * (prototype-pollution keys, deep nesting, huge strings, invalid UTF-8, wrong types, unknown
 * events). Every time: a clear error, the process alive, and the room unchanged.
 */
import fc from 'fast-check';
import type { RoomPlayback } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { buildTestApp, injectLogin } from './build-test-app.js';
import { createClient, httpLogin, listen, waitFor } from './socket-client.js';

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 60);

/** JSON-able junk, weighted towards the shapes our schemas look for. */
const junkOf = (huge: string) =>
	fc.oneof(
		fc.anything({ maxDepth: 4, withNullPrototype: false }),
		fc.record(
			{
				type: fc.oneof(
					fc.string(),
					fc.constantFrom('play', 'pause', 'seek', 'rate', 'load', 'add', 'move'),
				),
				seq: fc.anything(),
				positionMs: fc.anything(),
				url: fc.anything(),
				message: fc.anything(),
			},
			{ requiredKeys: [] },
		),
		fc.constantFrom(
			JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
			JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown,
			{ password: huge, message: huge, url: huge },
			{ url: '\u0000\u202e\ud800' },
			[1, [2, [3, [4, [5, [6]]]]]],
		),
	);
/** Over HTTP bodies may exceed every field limit (the 64 KiB body cap is tested separately). */
const junk = junkOf('x'.repeat(20_000));
/** Over a socket a message past 64 KiB closes the connection (tested in the gateway suite). */
const socketJunk = junkOf('字'.repeat(5_000));

function deep(levels: number): string {
	return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

describe('bad input over HTTP', () => {
	it('every route answers junk with a 4xx JSON error and changes nothing', async () => {
		const app = await buildTestApp();
		const cookie = await injectLogin(app);
		const before = (
			await app.inject({ method: 'GET', url: '/api/rooms/default', headers: { cookie } })
		).json();
		const routes: { method: 'POST' | 'DELETE' | 'GET'; url: string }[] = [
			{ method: 'POST', url: '/login' },
			{ method: 'POST', url: '/video' },
			{ method: 'POST', url: '/api/rooms' },
			{ method: 'POST', url: '/logout' },
		];
		let cases = 0;
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...routes), junk, async (route, body) => {
				cases++;
				const res = await app.inject({
					method: route.method,
					url: route.url,
					headers: {
						cookie: route.url === '/logout' ? '' : cookie,
						'content-type': 'application/json',
					},
					payload: JSON.stringify(body) ?? 'null',
				});
				expect(res.statusCode, `${route.url} ${JSON.stringify(body)?.slice(0, 80)}`).toBeLessThan(
					500,
				);
				if (res.statusCode >= 400)
					expect(res.json()).toMatchObject({ ok: false, error: expect.any(String) });
			}),
			{ numRuns: RUNS * 4 },
		);
		// Query strings and path parameters.
		await fc.assert(
			fc.asyncProperty(fc.string({ maxLength: 300 }), async (value) => {
				cases += 2;
				const q = encodeURIComponent(value);
				const history = await app.inject({
					method: 'GET',
					url: `/api/chat/history?limit=${q}&before=${q}&room=${q}`,
					headers: { cookie },
				});
				expect(history.statusCode).toBeLessThan(500);
				const room = await app.inject({
					method: 'GET',
					url: `/api/rooms/${q}`,
					headers: { cookie },
				});
				expect([200, 400, 404]).toContain(room.statusCode);
			}),
			{ numRuns: RUNS },
		);
		const raw = [
			{ type: 'application/json', body: Buffer.from('{"password": "\xff\xfe\xc3\x28"}', 'latin1') },
			{ type: 'application/json', body: deep(20_000) },
			{ type: 'application/json', body: '{"password":' },
			{ type: 'application/json', body: 'x'.repeat(70 * 1024) },
			{ type: 'text/plain', body: 'password=x' },
			{
				type: 'application/x-www-form-urlencoded',
				body: 'password[]=a&password[]=b&__proto__[polluted]=1',
			},
		];
		for (const { type, body } of raw) {
			for (const url of ['/login', '/video', '/api/rooms']) {
				cases++;
				const res = await app.inject({
					method: 'POST',
					url,
					headers: { cookie, 'content-type': type },
					payload: body,
				});
				expect(res.statusCode, `${url} ${type}`).toBeGreaterThanOrEqual(400);
				expect(res.statusCode).toBeLessThan(500);
				expect(res.json()).toMatchObject({ ok: false });
			}
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		const after = (
			await app.inject({ method: 'GET', url: '/api/rooms/default', headers: { cookie } })
		).json();
		expect(after).toEqual(before);
		expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
		expect(cases).toBeGreaterThan(RUNS * 4);
	});
});

describe('bad input in paths: room deletion and the Bilibili token routes', () => {
	it('answers forged tokens and junk ids with a 4xx JSON error and deletes nothing', async () => {
		// The Bilibili pipeline is on (pointed at a closed port): no forged token may reach it.
		const app = await buildTestApp(
			{ BILIBILI_API_BASE: 'http://127.0.0.1:9', BILIBILI_CDN_HOSTS: '127.0.0.1:9' },
			{ bilibili: undefined },
		);
		const cookie = await injectLogin(app);
		const rooms = async () =>
			(await app.inject({ method: 'GET', url: '/api/rooms', headers: { cookie } })).json();
		const before = await rooms();
		const tokenish = fc.oneof(
			fc.string({ maxLength: 300 }),
			fc.constantFrom(
				'b1-s-u-BV1y7411Q7Eq-171776208-v-64-7.AAAAAAAAAAAAAAAAAAAAAA',
				'b1-m-u-BV1y7411Q7Eq-1-avc.x',
				'..%2F..%2Fetc%2Fpasswd',
				'default',
				'%00',
				'x'.repeat(5_000),
			),
		);
		let cases = 0;
		await fc.assert(
			fc.asyncProperty(tokenish, fc.string({ maxLength: 40 }), async (value, range) => {
				cases++;
				const q = /%[0-9A-F]{2}/.test(value) ? value : encodeURIComponent(value);
				const requests = [
					{ method: 'DELETE' as const, url: `/api/rooms/${q}` },
					{ method: 'GET' as const, url: `/api/bili/manifest/${q}.mpd?codecs=${q}` },
					{ method: 'GET' as const, url: `/api/bili/media/${q}` },
					{ method: 'HEAD' as const, url: `/api/bili/media/${q}` },
					{ method: 'GET' as const, url: `/api/bili/danmaku/${q}` },
				];
				for (const r of requests) {
					const res = await app.inject({
						...r,
						headers: { cookie, range: `bytes=${range.replace(/[^\x20-\x7e]/g, '')}` },
					});
					expect(res.statusCode, `${r.method} ${r.url.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
					expect(res.statusCode).toBeLessThan(500);
					if (r.method !== 'HEAD') expect(res.json()).toMatchObject({ ok: false });
				}
			}),
			{ numRuns: RUNS },
		);
		expect(await rooms()).toEqual(before);
		expect(cases).toBe(RUNS);
	});
});

describe('bad input over Socket.IO', () => {
	const EVENTS = [
		'control',
		'heartbeat',
		'clock:ping',
		'playback:command',
		'player:status',
		'player:drift',
		'member:settings',
		'chat:send',
		'queue:command',
		'room:update',
		'room:request',
	];

	it(
		'every event answers junk with invalid_payload (or a domain error) and the room stays as it was',
		{ timeout: 60_000 },
		async () => {
			const app = await buildTestApp({}, { socketEventsPerSecond: 100_000 });
			const base = await listen(app);
			const socket = createClient(base, await httpLogin(base));
			const first = await waitFor<RoomPlayback>(socket, 'playback:state');
			const emit = (event: string, payload: unknown) =>
				(
					socket as unknown as {
						timeout: (ms: number) => {
							emitWithAck: (
								e: string,
								p: unknown,
							) => Promise<{ ok: boolean; error?: string; message?: string }>;
						};
					}
				)
					.timeout(5_000)
					.emitWithAck(event, payload);
			let rejected = 0;
			await fc.assert(
				fc.asyncProperty(fc.constantFrom(...EVENTS), socketJunk, async (event, payload) => {
					const ack = await emit(event, payload);
					if (ack.ok) return; // junk that happens to be valid (e.g. {} for heartbeat-like events) is fine
					rejected++;
					expect(typeof ack.error).toBe('string');
					expect(typeof ack.message).toBe('string');
					expect(ack.message).not.toMatch(/at .+\.ts:\d+/);
				}),
				{ numRuns: RUNS * EVENTS.length },
			);
			// Unknown events are answered, never crash anything.
			const unknown = waitFor<{ error: string }>(socket, 'app:error');
			(socket as unknown as { emit: (event: string, payload: unknown) => void }).emit('__proto__', {
				polluted: true,
			});
			expect(await unknown).toMatchObject({ error: 'invalid_payload' });
			expect(rejected).toBeGreaterThan(RUNS * EVENTS.length * 0.9);
			const state = (await emit('playback:command', { type: 'pause', seq: 0 })) as unknown as {
				state: RoomPlayback;
			};
			expect(state.state.playback).toEqual(first.playback);
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			expect(socket.connected).toBe(true);
		},
	);
});
