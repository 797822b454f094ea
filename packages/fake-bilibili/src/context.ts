/**
 * What every route plugin receives: state, media, clock and policy switches, plus the helpers that
 * turn them into stream URLs and guard checks.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import { cdnUrl } from './cdn-url.js';
import { cookie, fail, hostOf, type Envelope } from './http.js';
import type { MediaCatalog } from './media.js';
import type { UrlFactory } from './playurl-shape.js';
import type { FakeState, RouteGroup } from './state.js';

/** Shared by the route plugins of one fake. */
export interface FakeContext {
	state: FakeState;
	media: MediaCatalog;
	/** Clock in ms since the epoch. */
	now: () => number;
	linkTtlSec: number;
	requireBuvid3: boolean;
	requireUserAgent: boolean;
}

/** Per-route config: counter name and fault-mode group. */
export interface RouteTag {
	name: string;
	group: RouteGroup;
}

/**
 * The `config` object to pass to a route so hooks can count and fault it. Typed as Fastify's
 * context config too, so it stays assignable when other plugins augment that interface.
 */
export function tag(name: string, group: RouteGroup): { config: FastifyContextConfig & RouteTag } {
	return { config: { name, group } };
}

/** The stream URLs of one playurl answer for `cid`: bases from state, deadline from the clock. */
export function urlFactory(
	ctx: FakeContext,
	req: FastifyRequest,
	cid: number,
	platform: string,
): UrlFactory {
	const bases = ctx.state.basesFor(hostOf(req));
	const deadline = Math.floor(ctx.now() / 1000) + ctx.linkTtlSec;
	const trid = randomUUID().replaceAll('-', '');
	return (streamId, ext, pcdn) => {
		const bandwidth =
			ctx.media.video.concat(ctx.media.audio).find((s) => s.streamId === streamId)?.bandwidth ?? 0;
		const common = { cid, streamId, ext, deadline, platform, trid, bandwidth };
		const backups = [1, 2].map((order) =>
			cdnUrl({ ...common, base: bases.backup, os: 'cosovbv', order }),
		);
		if (pcdn && bases.pcdn) {
			const base = cdnUrl({ ...common, base: bases.pcdn, os: 'mcdn', order: 0 });
			return {
				base,
				backups: [
					cdnUrl({ ...common, base: bases.cdn, os: 'bcache', order: 1 }),
					...backups.slice(1),
				],
			};
		}
		return { base: cdnUrl({ ...common, base: bases.cdn, os: 'bcache', order: 0 }), backups };
	};
}

/** `ga_data` of a −401 answer. */
export function gaData(reason: string): Record<string, unknown> {
	return {
		decisions: ['verify_captcha_level2'],
		risk_level: 2,
		grisk_id: `${randomUUID().replaceAll('-', '')}`,
		decision_ctx: { buvid: '', ip: '127.0.0.1', mid: '0', reason },
	};
}

/**
 * API guards from doc §9: an empty User-Agent, or (when required) a missing buvid3 cookie, draws
 * `-401 非法访问` with `ga_data`. Returns the envelope to send, or null.
 */
export function apiGuard(ctx: FakeContext, req: FastifyRequest): Envelope | null {
	if (ctx.requireUserAgent && !req.headers['user-agent']?.trim()) {
		return fail(-401, '非法访问', { ga_data: gaData('empty user-agent') });
	}
	if (ctx.requireBuvid3 && !cookie(req, 'buvid3')) {
		return fail(-401, '非法访问', { ga_data: gaData('missing buvid3') });
	}
	return null;
}
