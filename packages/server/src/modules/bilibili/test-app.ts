/**
 * Test helpers (not a test file): a Fastify app with only the Bilibili routes (and the app's
 * error handler) over a service pointed at the fake, plus MPD reading helpers.
 */
import { readFile } from 'node:fs/promises';
import { parseBilibiliLink, type BilibiliRef } from '@videotogether/shared';
import Fastify from 'fastify';
import { expect, onTestFinished } from 'vitest';
import errorHandler from '../../plugins/error-handler.js';
import { bilibiliRoutes } from './bilibili.routes.js';
import type { FakeSetup, ServiceOverrides } from './test-fake.js';

export function ref(input: string): BilibiliRef {
	const parsed = parseBilibiliLink(input);
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
}

export async function serve(setup: FakeSetup, overrides: ServiceOverrides = {}) {
	const service = setup.service(overrides);
	const app = Fastify({ logger: false, forceCloseConnections: true });
	await app.register(errorHandler);
	await app.register(bilibiliRoutes, { service });
	onTestFinished(() => app.close());
	return { app, service };
}

/** One Representation of a served MPD. */
export interface Rep {
	id: string;
	codecs: string;
	url: string;
	indexRange: string;
	init: string;
}

export function representations(mpd: string): Rep[] {
	const re =
		/<Representation id="([^"]+)"[^>]*?codecs="([^"]+)"[\s\S]*?<BaseURL>([^<]+)<\/BaseURL>\s*<SegmentBase indexRange="([^"]+)">\s*<Initialization range="([^"]+)"/g;
	return [...mpd.matchAll(re)].map((m) => ({
		id: m[1] as string,
		codecs: m[2] as string,
		url: m[3] as string,
		indexRange: m[4] as string,
		init: m[5] as string,
	}));
}

/** Resolves the 1-part video natively and fetches its MPD through the routes. */
export async function nativeSetup(setup: FakeSetup, overrides: ServiceOverrides = {}) {
	const { app, service } = await serve(setup, overrides);
	const resolved = await service.resolve(ref('BV1y7411Q7Eq'), ['avc']);
	const mpd = await app.inject({ url: resolved.manifestUrl ?? '' });
	expect(mpd.statusCode).toBe(200);
	const reps = representations(mpd.body);
	const rep = (id: string) => reps.find((r) => r.id === id) as Rep;
	return { app, service, resolved, mpd: mpd.body, reps, rep };
}

/** The fake's file for a stream (by JSON id and codecid, as in the MPD). */
export async function fileOf(setup: FakeSetup, id: number, codecid = 0): Promise<Buffer> {
	const { media } = setup.fake.app;
	const s = [...media.video, ...media.audio].find((x) => x.id === id && x.codecid === codecid);
	if (!s) throw new Error(`no stream ${id}/${codecid}`);
	return readFile(s.path);
}
