/**
 * The app on a real port against the fake Bilibili (also on a real port): the fake, the app's
 * environment pointing at it, and a logged-in viewer in the default room. Everything started here
 * is closed when the test ends.
 */
import {
	loadMedia,
	start,
	type MediaCatalog,
	type RunningFake,
} from '@videotogether/fake-bilibili';
import type { RoomPlayback } from '@videotogether/shared';
import { onTestFinished } from 'vitest';
import type { AppOverrides } from '../src/app.js';
import { buildTestApp } from './build-test-app.js';
import { createClient, httpLogin, listen, nextPlayback, type TestSocket } from './socket-client.js';

let media: Promise<MediaCatalog> | undefined;

/** The fake upstream on an ephemeral loopback port (one media catalogue per worker by default). */
export async function startFakeBilibili(catalog?: MediaCatalog): Promise<RunningFake> {
	media ??= loadMedia();
	const fake = await start(0, { media: catalog ?? (await media) });
	onTestFinished(async () => {
		const closing = fake.close();
		// Requests held by a slow mode or a stalled reader must not keep the fake open.
		fake.app.server.closeAllConnections();
		await closing;
	});
	return fake;
}

/** The settings that point the app at a fake (its CDN host, unless `cdnHosts` says otherwise). */
export function fakeEnv(
	fake: RunningFake,
	cdnHosts: string[] = [`127.0.0.1:${fake.port}`],
): Record<string, string> {
	return {
		BILIBILI_API_BASE: fake.url,
		BILIBILI_SHORTLINK_BASE: fake.url,
		BILIBILI_CDN_HOSTS: cdnHosts.join(','),
		BILIBILI_PCDN_HOSTS: 'localhost',
	};
}

export interface BilibiliRoomOptions {
	fake?: RunningFake;
	env?: Record<string, string>;
	overrides?: AppOverrides;
}

/** The app (with the Bilibili pipeline) against a fake, plus one logged-in viewer's socket. */
export async function bilibiliRoom(options: BilibiliRoomOptions = {}) {
	const fake = options.fake ?? (await startFakeBilibili());
	const app = await buildTestApp(
		{ ...fakeEnv(fake), ...options.env },
		{ bilibili: undefined, ...options.overrides },
	);
	const base = await listen(app);
	const cookie = await httpLogin(base);
	const socket = createClient(base, cookie);
	const first = await nextPlayback(socket, () => true);
	return { fake, app, base, cookie, socket, first };
}

/** `POST /video {url}` (loads the link into the default room). */
export const postVideo = (base: string, cookie: string, url: string) =>
	fetch(`${base}/video`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ url }),
	});

/** The next playback state whose media has been resolved (any mode). */
export const untilResolved = (socket: TestSocket, mediaId?: string) =>
	nextPlayback(
		socket,
		(s: RoomPlayback) =>
			s.playback.media?.playback !== undefined &&
			(mediaId === undefined || s.playback.media.id === mediaId),
		20_000,
	);

/**
 * Loads a Bilibili video into the default room over HTTP, waits for the room to play it
 * natively, and reads its manifest: the state, the manifest URL and the proxied stream paths
 * (video first, then audio).
 */
export async function loadNative(
	base: string,
	cookie: string,
	socket: TestSocket,
	url = 'BV1y7411Q7Eq',
	codecs = 'avc',
) {
	const native = untilResolved(socket);
	const res = await postVideo(base, cookie, url);
	if (res.status !== 200) throw new Error(`POST /video: ${res.status}`);
	const state = await native;
	const manifestUrl = state.playback.media?.playback?.manifestUrl;
	if (!manifestUrl)
		throw new Error(`not native: ${JSON.stringify(state.playback.media?.playback)}`);
	const mpd = await (
		await fetch(`${base}${manifestUrl}?codecs=${codecs}`, { headers: { cookie } })
	).text();
	const streams = [...mpd.matchAll(/<BaseURL>([^<]+)<\/BaseURL>/g)].map((m) =>
		(m[1] as string).replace(/&amp;/g, '&'),
	);
	return { state, manifestUrl, streams };
}
