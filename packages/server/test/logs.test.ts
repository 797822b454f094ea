/**
 * The logs an operator reads (design §6, issue: Logs): the app's own logger configuration at
 * `APP_LOG_LEVEL=debug`, its JSON lines captured while real clients log in, select videos, play,
 * report drift, hit every rate limit, and while the fake Bilibili fails. Every key line is there
 * with its fields — and no password, session cookie, session id or media token ever is.
 */
import type { RoomPlayback } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { shortHash } from '../src/lib/log-redact.js';
import { bilibiliRoom, loadNative, postVideo, untilResolved } from './bilibili-fixture.js';
import { TEST_PASSWORD } from './build-test-app.js';
import { joinAs, latest, playbackCommand, waitFor } from './socket-client.js';

interface LogLine {
	level: number;
	msg: string;
	reqId?: string;
	[field: string]: unknown;
}

const DEBUG = 20;
const INFO = 30;
const WARN = 40;

/** A destination for the app's logger that keeps every line. */
function captureLogs() {
	const raw: string[] = [];
	const stream = { write: (line: string) => void raw.push(line) };
	const lines = () => raw.map((line) => JSON.parse(line) as LogLine);
	const find = (msg: string, fields: Record<string, unknown> = {}) =>
		lines().filter((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v));
	return { stream, text: () => raw.join(''), lines, find };
}

const login = (base: string, body: Record<string, string>) =>
	fetch(`${base}/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});

describe('logs', () => {
	it(
		'say who did what, with what outcome, and never carry a secret',
		{ timeout: 40_000 },
		async () => {
			const logs = captureLogs();
			const { fake, base, cookie, socket, first } = await bilibiliRoom({
				env: { APP_LOG_LEVEL: 'debug' },
				overrides: {
					logger: undefined,
					logStream: logs.stream,
					loginLimits: {
						perIp: { limit: 3, windowMs: 60_000 },
						perAccount: { limit: 10, windowMs: 60_000 },
						sharedPassword: { limit: 10, windowMs: 60_000 },
					},
				},
			});
			const secrets = [TEST_PASSWORD, 'alice-pw', 'wrong horse battery'];

			// Logins: success names the user, failure the reason — never the password.
			expect((await login(base, { user_id: 'alice', password: 'alice-pw' })).status).toBe(200);
			expect(
				logs.find('login succeeded', { userId: 'account:alice', kind: 'account' }),
			).toHaveLength(1);
			expect((await login(base, { password: 'wrong horse battery' })).status).toBe(401);
			expect(logs.find('login failed', { reason: 'invalid_credentials' })).toHaveLength(1);
			const requestIds = logs.lines().filter((l) => l.msg === 'incoming request');
			expect(requestIds.length).toBeGreaterThan(0);
			for (const line of requestIds) expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);

			// A video selected over HTTP: who, the link, and how it plays once resolved.
			const now = latest<RoomPlayback>(socket, 'playback:state', first);
			const { manifestUrl, streams } = await loadNative(
				base,
				cookie,
				socket,
				'https://www.bilibili.com/video/BV1y7411Q7Eq',
			);
			const selected = logs.find('video selected', { mediaId: 'bilibili:BV1y7411Q7Eq:p1' });
			expect(selected[0]).toMatchObject({
				roomId: 'default',
				userId: expect.stringMatching(/^guest:/),
				kind: 'bilibili',
				link: 'https://www.bilibili.com/video/BV1y7411Q7Eq',
				mode: 'resolving',
				reqId: expect.any(String),
			});
			await expect
				.poll(() => logs.find('media resolved', { mediaId: 'bilibili:BV1y7411Q7Eq:p1' }))
				.toEqual([expect.objectContaining({ mode: 'native', reason: null })]);

			// Proxied media: the request line names the token by a hash, failures say why and which
			// stream (video, part, stream) — never the token.
			const manifestToken = /\/manifest\/([^/?]+)\.mpd/.exec(manifestUrl)?.[1] ?? '';
			const mediaUrl = streams[0] as string;
			const mediaToken = mediaUrl.split('/').at(-1) ?? '';
			expect(mediaToken.length).toBeGreaterThan(20);
			secrets.push(manifestToken, mediaToken);
			const range = { cookie, range: 'bytes=0-99' };
			expect((await fetch(`${base}${mediaUrl}`, { headers: range })).status).toBe(206);
			expect(logs.text()).toContain(`/api/bili/media/~${shortHash(mediaToken)}`);
			fake.app.setMode('down', { groups: ['cdn'] });
			expect((await fetch(`${base}${mediaUrl}`, { headers: range })).status).toBe(502);
			expect(logs.find('bilibili CDN refused a stream', { status: 503 })).not.toHaveLength(0);
			const failed = logs.find('media proxy request failed', { reason: 'upstream_down' });
			expect(failed[0]).toMatchObject({
				level: WARN,
				status: 502,
				reqId: expect.any(String),
				stream: { src: 'ugc', bvid: 'BV1y7411Q7Eq', cid: expect.any(Number), kind: 'video' },
			});

			// Upstream Bilibili errors, with the reason code.
			fake.app.setMode('risk');
			const fellBack = untilResolved(socket, 'bilibili:BV17x411w7KC:p1');
			expect((await postVideo(base, cookie, 'BV17x411w7KC')).status).toBe(200);
			await fellBack;
			expect(
				logs.find('bilibili upstream error', { endpoint: 'playurl', bvid: 'BV17x411w7KC' })[0],
			).toMatchObject({ level: WARN, reason: 'risk_controlled', detail: 'HTTP 412' });
			fake.app.setMode('ok');

			// Every playback command: room, actor, seq, scheduled delay; a direct link without its
			// query (it may carry a signature).
			const loaded = await playbackCommand(socket, {
				type: 'load',
				url: 'https://media.example/film.mp4?sig=s3cr3t-signature',
				seq: now().playback.seq,
			});
			expect(loaded.ok).toBe(true);
			secrets.push('s3cr3t-signature');
			expect(
				logs.find('video selected', { link: 'https://media.example/film.mp4' })[0],
			).toMatchObject({
				roomId: 'default',
				kind: 'direct',
				mode: 'direct',
			});
			const seq = (loaded.state as RoomPlayback).playback.seq;
			const played = await playbackCommand(socket, { type: 'play', seq });
			expect(played.ok).toBe(true);
			expect(logs.find('playback command', { type: 'play', seq })[0]).toMatchObject({
				level: INFO,
				roomId: 'default',
				userId: expect.stringMatching(/^guest:/),
				newSeq: seq + 1,
				ok: true,
				scheduledInMs: expect.any(Number),
			});

			// Drift: every report at debug; a hard seek at info, at most once per viewer per 10 s.
			const drift = (driftMs: number, correcting: 'none' | 'seek') =>
				socket.timeout(5_000).emitWithAck('player:drift', { driftMs, kind: 'frame', correcting });
			for (const ms of [12, -8, 15]) await drift(ms, 'none');
			await drift(2_600, 'seek');
			await drift(2_400, 'seek');
			const reports = logs.find('drift report');
			expect(reports.map((r) => [r.level, r.driftMs])).toEqual([
				[DEBUG, 12],
				[DEBUG, -8],
				[DEBUG, 15],
				[DEBUG, 2_400],
			]);
			expect(logs.find('drift correction')).toEqual([
				expect.objectContaining({
					level: INFO,
					driftMs: 2_600,
					correcting: 'seek',
					kind: 'frame',
					reports: 1,
				}),
			]);

			// Rate limits: chat, the socket guard, login.
			expect(await socket.timeout(5_000).emitWithAck('chat:send', { message: '一' })).toMatchObject(
				{
					ok: true,
				},
			);
			expect(await socket.timeout(5_000).emitWithAck('chat:send', { message: '二' })).toMatchObject(
				{
					ok: false,
					error: 'rate_limited',
				},
			);
			expect(logs.find('rate limit hit', { limiter: 'chat:send' })[0]).toMatchObject({
				level: INFO,
				retryAfterS: expect.any(Number),
			});
			const flooder = await joinAs(base, 'Flood');
			const limited = waitFor(flooder.socket, 'app:error', 5_000);
			for (let i = 0; i < 60; i++) flooder.socket.emit('clock:ping', { t0: i }, () => {});
			await limited;
			expect(logs.find('rate limit hit', { limiter: 'socket' })[0]).toMatchObject({
				level: WARN,
				event: 'clock:ping',
			});
			for (let i = 0; i < 2; i++) await login(base, { password: 'wrong horse battery' });
			expect((await login(base, { password: 'wrong horse battery' })).status).toBe(429);
			expect(logs.find('rate limit hit', { limiter: 'login' })[0]).toMatchObject({
				level: WARN,
				ip: '127.0.0.1',
			});

			// No secret anywhere: passwords, tokens, the session cookie and the session id.
			const sessionCookie = decodeURIComponent(cookie.slice('vt.sid='.length));
			const sessionId = sessionCookie.split('.')[0] as string;
			expect(sessionId.length).toBeGreaterThan(16);
			secrets.push(cookie.slice('vt.sid='.length), sessionCookie, sessionId);
			const text = logs.text();
			for (const secret of secrets) expect(text, secret).not.toContain(secret);
		},
	);
});
