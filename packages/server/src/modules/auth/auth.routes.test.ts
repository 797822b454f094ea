import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { buildTestApp, injectLogin, TEST_PASSWORD } from '../../../test/build-test-app.js';

const json = { 'content-type': 'application/json' };

describe('login gate', () => {
	it('redirects an unauthenticated GET / to /login and answers API calls with 401', async () => {
		const app = await buildTestApp();
		const page = await app.inject({ method: 'GET', url: '/' });
		expect(page.statusCode).toBe(302);
		expect(page.headers.location).toBe('/login');
		const deep = await app.inject({
			method: 'GET',
			url: '/r/abc',
			headers: { accept: 'text/html' },
		});
		expect(deep.headers.location).toBe('/login?next=%2Fr%2Fabc');
		const api = await app.inject({ method: 'GET', url: '/api/session' });
		expect(api.statusCode).toBe(401);
		expect(api.json()).toMatchObject({ ok: false, error: 'unauthorized' });
		const video = await app.inject({
			method: 'POST',
			url: '/video',
			headers: json,
			payload: { url: 'BV1y7411Q7Eq' },
		});
		expect(video.statusCode).toBe(401);
	});

	it('serves the login screen and the auth options publicly', async () => {
		const app = await buildTestApp();
		const login = await app.inject({ method: 'GET', url: '/login' });
		expect(login.statusCode).toBe(200);
		expect(login.headers['content-type']).toMatch(/text\/html/);
		const options = await app.inject({ method: 'GET', url: '/api/auth/options' });
		expect(options.json()).toEqual({ shared: true, accounts: true });
	});
});

describe('POST /login', () => {
	it('logs in with the shared password and a display name; the cookie is httpOnly and SameSite=Lax', async () => {
		const app = await buildTestApp();
		const res = await app.inject({
			method: 'POST',
			url: '/login',
			headers: json,
			payload: { password: TEST_PASSWORD, name: '  小明 ' },
		});
		expect(res.statusCode).toBe(200);
		expect(res.json()).toMatchObject({ ok: true, user: { name: '小明', kind: 'shared' } });
		const cookie = res.cookies.find((c) => c.name === 'vt.sid');
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
		expect(cookie?.secure).toBeFalsy();
		const me = await app.inject({
			method: 'GET',
			url: '/api/session',
			headers: { cookie: `vt.sid=${cookie?.value}` },
		});
		expect(me.json()).toMatchObject({ ok: true, user: { name: '小明' } });
	});

	it('accepts the original {password}-only body and names the guest', async () => {
		const app = await buildTestApp();
		const res = await app.inject({
			method: 'POST',
			url: '/login',
			headers: json,
			payload: { password: TEST_PASSWORD },
		});
		expect(res.json()).toMatchObject({
			ok: true,
			user: { name: expect.stringMatching(/^guest-/) },
		});
	});

	it('logs in with an account from APP_USERS', async () => {
		const app = await buildTestApp();
		const res = await app.inject({
			method: 'POST',
			url: '/login',
			headers: json,
			payload: { user_id: 'alice', password: 'alice-pw' },
		});
		expect(res.json()).toEqual({
			ok: true,
			user: { id: 'account:alice', name: 'alice', kind: 'account' },
		});
	});

	it.each([
		[{ password: 'nope' }, 401, 'invalid_credentials'],
		[{ user_id: 'alice', password: 'bob-pw' }, 401, 'invalid_credentials'],
		[{ user_id: 'nobody', password: 'alice-pw' }, 401, 'invalid_credentials'],
		[{}, 400, 'missing_credentials'],
		[{ user_id: 'alice' }, 400, 'missing_credentials'],
		[{ password: 12345 }, 400, 'missing_credentials'],
		[{ password: 'x'.repeat(5000) }, 400, 'missing_credentials'],
	])('%j → %i %s', async (payload, status, error) => {
		const app = await buildTestApp();
		const res = await app.inject({ method: 'POST', url: '/login', headers: json, payload });
		expect(res.statusCode).toBe(status);
		expect(res.json()).toMatchObject({ ok: false, error });
		expect(res.cookies.find((c) => c.name === 'vt.sid')).toBeUndefined();
	});

	it('asks for a user id when only accounts are configured', async () => {
		const app = await buildTestApp({ APP_SHARED_PASSWORD: '' });
		const res = await app.inject({
			method: 'POST',
			url: '/login',
			headers: json,
			payload: { password: 'alice-pw' },
		});
		expect(res.statusCode).toBe(400);
		expect(res.json()).toMatchObject({ ok: false, error: 'missing_credentials' });
	});

	it('redirects a form post to / on success (or to a safe next page)', async () => {
		const app = await buildTestApp();
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		const res = await app.inject({
			method: 'POST',
			url: '/login',
			headers: form,
			payload: `password=${encodeURIComponent(TEST_PASSWORD)}`,
		});
		expect(res.statusCode).toBe(303);
		expect(res.headers.location).toBe('/');
		expect(res.cookies.some((c) => c.name === 'vt.sid')).toBe(true);
		const next = await app.inject({
			method: 'POST',
			url: '/login',
			headers: form,
			payload: `password=${encodeURIComponent(TEST_PASSWORD)}&next=%2Fr%2Ffilm`,
		});
		expect(next.headers.location).toBe('/r/film');
		const evil = await app.inject({
			method: 'POST',
			url: '/login',
			headers: form,
			payload: `password=${encodeURIComponent(TEST_PASSWORD)}&next=%2F%2Fevil.com`,
		});
		expect(evil.headers.location).toBe('/');
	});

	it('answers a failed form post from a browser with a redirect back to the login page', async () => {
		const app = await buildTestApp();
		const res = await app.inject({
			method: 'POST',
			url: '/login',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			payload: 'password=wrong',
		});
		expect(res.statusCode).toBe(303);
		expect(res.headers.location).toBe('/login?error=invalid_credentials');
	});

	it('regenerates the session id on login (no session fixation)', async () => {
		const app = await buildTestApp();
		const first = await injectLogin(app);
		const res = await app.inject({
			method: 'POST',
			url: '/login',
			headers: { ...json, cookie: first },
			payload: { password: TEST_PASSWORD, name: 'again' },
		});
		const second = `vt.sid=${res.cookies.find((c) => c.name === 'vt.sid')?.value}`;
		expect(second).not.toBe(first);
		const old = await app.inject({
			method: 'GET',
			url: '/api/session',
			headers: { cookie: first },
		});
		expect(old.statusCode).toBe(401);
	});

	it('rate-limits failures per IP with 429 and retry_after_s, and lifts the limit after the window', async () => {
		const clock = new ManualClock();
		const app = await buildTestApp(
			{},
			{
				clock,
				loginLimits: {
					perIp: { limit: 3, windowMs: 60_000 },
					perAccount: { limit: 100, windowMs: 60_000 },
					sharedPassword: { limit: 100, windowMs: 60_000 },
				},
			},
		);
		const attempt = (password: string, ip = '10.0.0.1') =>
			app.inject({
				method: 'POST',
				url: '/login',
				headers: json,
				payload: { password },
				remoteAddress: ip,
			});
		for (let i = 0; i < 3; i++) expect((await attempt('wrong')).statusCode).toBe(401);
		const limited = await attempt(TEST_PASSWORD);
		expect(limited.statusCode).toBe(429);
		expect(limited.json()).toMatchObject({ ok: false, error: 'rate_limited', retry_after_s: 60 });
		expect(limited.headers['retry-after']).toBe('60');
		expect((await attempt(TEST_PASSWORD, '10.0.0.2')).statusCode).toBe(200);
		clock.advance(60_001);
		expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
	});

	it('rate-limits failures per account across IPs', async () => {
		const app = await buildTestApp(
			{},
			{
				loginLimits: {
					perIp: { limit: 100, windowMs: 60_000 },
					perAccount: { limit: 2, windowMs: 60_000 },
					sharedPassword: { limit: 100, windowMs: 60_000 },
				},
			},
		);
		const attempt = (password: string, ip: string) =>
			app.inject({
				method: 'POST',
				url: '/login',
				headers: json,
				payload: { user_id: 'alice', password },
				remoteAddress: ip,
			});
		expect((await attempt('x', '10.0.0.1')).statusCode).toBe(401);
		expect((await attempt('y', '10.0.0.2')).statusCode).toBe(401);
		expect((await attempt('alice-pw', '10.0.0.3')).statusCode).toBe(429);
	});

	it('refuses a cross-site login post', async () => {
		const app = await buildTestApp();
		const res = await app.inject({
			method: 'POST',
			url: '/login',
			headers: { ...json, origin: 'https://evil.example', host: 'watch.example' },
			payload: { password: TEST_PASSWORD },
		});
		expect(res.statusCode).toBe(403);
		expect(res.json()).toMatchObject({ ok: false, error: 'forbidden_origin' });
	});

	it('accepts a same-origin post and a configured extra origin', async () => {
		const app = await buildTestApp({ APP_ALLOWED_ORIGINS: 'https://public.example' });
		for (const origin of ['http://watch.example', 'https://public.example']) {
			const res = await app.inject({
				method: 'POST',
				url: '/login',
				headers: { ...json, origin, host: 'watch.example' },
				payload: { password: TEST_PASSWORD },
			});
			expect(res.statusCode).toBe(200);
		}
	});

	it('sets Secure on the cookie when a trusted proxy says the request was HTTPS', async () => {
		const app = await buildTestApp({ APP_TRUST_PROXY: 'true' });
		const res = await app.inject({
			method: 'POST',
			url: '/login',
			headers: { ...json, 'x-forwarded-proto': 'https' },
			payload: { password: TEST_PASSWORD },
		});
		expect(res.cookies.find((c) => c.name === 'vt.sid')?.secure).toBe(true);
		const untrusted = await buildTestApp();
		const plain = await untrusted.inject({
			method: 'POST',
			url: '/login',
			headers: { ...json, 'x-forwarded-proto': 'https' },
			payload: { password: TEST_PASSWORD },
		});
		expect(plain.cookies.find((c) => c.name === 'vt.sid')?.secure).toBeFalsy();
	});
});

describe('POST /logout', () => {
	it('ends the session', async () => {
		const app = await buildTestApp();
		const cookie = await injectLogin(app);
		const res = await app.inject({ method: 'POST', url: '/logout', headers: { cookie } });
		expect(res.json()).toEqual({ ok: true });
		const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
		expect(me.statusCode).toBe(401);
	});
});
