/**
 * The same-origin, Range-forwarding media proxy (docs: bilibili-upstream.md §9, §10, §14). It
 * contacts only allow-listed CDN hosts, prefers regular mirrors over PCDN, adds the Referer and
 * UA the CDN demands, follows redirects by hand within the allow-list, tries backups, and on a
 * 403 or an expired `deadline` re-resolves the playurl once and retries — transparently. Bytes are
 * streamed with backpressure (never buffered whole, never written to disk); a client that goes
 * away aborts the upstream request.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { BilibiliError } from './bilibili.errors.js';
import type { CdnPolicy } from './cdn-policy.js';
import { urlDeadlineSec } from './playurl.parse.js';
import { ProxySlots } from './proxy-slots.js';
import { BilibiliReason } from '@videotogether/shared';
import { StreamGuard } from './stream-guard.js';
import { browserHeaders, type FetchFn } from './upstream-http.js';

/** Limits of the proxy. */
export interface ProxyLimits {
	/** Concurrent upstream streams per client IP. */
	perClient: number;
	/** Concurrent upstream streams in total. */
	total: number;
	/** Until upstream response headers, ms. */
	headersTimeoutMs: number;
	/** Longest silence while streaming a body, ms. */
	idleTimeoutMs: number;
	/** Hard cap on one response body, bytes. */
	maxStreamBytes: number;
	/** Redirect hops followed per attempt (each checked against the allow-list). */
	maxRedirects: number;
}

export const DEFAULT_PROXY_LIMITS: ProxyLimits = {
	perClient: 6,
	total: 64,
	headersTimeoutMs: 10_000,
	idleTimeoutMs: 60_000,
	maxStreamBytes: 8 * 1024 ** 3,
	maxRedirects: 3,
};

/** Where a stream currently lives. */
export interface LocatedStream {
	urls: string[];
	mimeType: string;
	/** When the playurl answer holding these URLs was fetched. */
	loadedAtMs: number;
}

/** Finds a stream's URLs; `staleBeforeMs` asks for an answer newer than a failed one. */
export type LocateStream = (
	staleBeforeMs?: number,
) => Promise<LocatedStream | { reason: BilibiliReason }>;

export interface MediaProxyDeps {
	cdn: CdnPolicy;
	clock: Clock;
	fetch: FetchFn;
	limits?: Partial<ProxyLimits>;
}

/** Links this close to their deadline count as expired (clock skew, request time). */
const DEADLINE_SLACK_MS = 5_000;
const FORWARDED = ['content-length', 'content-range', 'etag', 'last-modified'];
const SINGLE_RANGE = /^bytes=\d{0,15}-\d{0,15}$/;

/**
 * A strong validator for a stream whose upstream sent none: the token names immutable bytes (one
 * encoding of one part), so the token path and the total size identify them. A cache may combine
 * stored ranges only when they carry the same strong validator (RFC 9111 §3.4), so with it the
 * ranges a browser warmed for the next queue item (or read before a seek back) are reused.
 */
export function streamEtag(url: string, headers: Headers): string | null {
	const contentRange = headers.get('content-range');
	// A partial answer names the total after the slash; a whole one is its own length.
	const total =
		contentRange === null ? headers.get('content-length') : /\/(\d+)$/.exec(contentRange)?.[1];
	if (!total) return null;
	const path = url.split('?')[0] ?? url;
	return `"${createHash('sha256').update(`${path}:${total}`).digest('base64url').slice(0, 22)}"`;
}

/** The viewer disconnected before upstream answered (nothing will be sent; no error log). */
function clientGone(): AppError {
	return new AppError('unavailable', 499, 'Client went away.');
}

interface Opened {
	res: Response;
	/** Aborts the upstream exchange (used by the idle timeout). */
	abort: () => void;
}

/** The status and reason a failed proxy request is answered with (for the log). */
function outcomeOf(error: unknown): Record<string, unknown> {
	if (error instanceof BilibiliError) return { status: error.status, reason: error.reason };
	if (isAppError(error)) return { status: error.status, error: error.code };
	return { error: String(error) };
}

export class MediaProxy {
	readonly #limits: ProxyLimits;
	readonly #slots: ProxySlots;

	constructor(private readonly deps: MediaProxyDeps) {
		this.#limits = { ...DEFAULT_PROXY_LIMITS, ...deps.limits };
		this.#slots = new ProxySlots(this.#limits.perClient, this.#limits.total);
	}

	/** Streams currently being proxied. */
	get activeStreams(): number {
		return this.#slots.active;
	}

	/**
	 * Proxies one request for a stream. `stream` names it in the logs (video, part, stream — never
	 * the token): refusals, upstream failures and aborted streams are logged with it.
	 */
	async serve(
		request: FastifyRequest,
		reply: FastifyReply,
		locate: LocateStream,
		stream: Record<string, unknown> = {},
	): Promise<FastifyReply> {
		const log = request.log.child({ stream });
		const release = this.#slots.acquire(request.ip);
		if (!release) {
			log.warn(
				{ limiter: 'proxy', client: request.ip, perClient: this.#limits.perClient },
				'rate limit hit',
			);
			reply.header('retry-after', '1');
			throw new AppError('rate_limited', 429, 'Too many media requests at once.');
		}
		const client = new AbortController();
		reply.raw.once('close', () => {
			release();
			if (reply.raw.writableFinished) return;
			client.abort();
			if (reply.raw.headersSent)
				log.info({ range: request.headers.range }, 'media proxy stream aborted by the client');
		});
		try {
			const located = await locate();
			if ('reason' in located) throw new BilibiliError(located.reason);
			const opened = await this.#open(request, located, locate, client.signal, log);
			return this.#send(request, reply, opened, located.mimeType, client.signal, log);
		} catch (error) {
			release();
			if (client.signal.aborted)
				log.debug('media proxy: the client went away before upstream answered');
			else log.warn(outcomeOf(error), 'media proxy request failed');
			throw error;
		}
	}

	async #open(
		request: FastifyRequest,
		first: LocatedStream,
		locate: LocateStream,
		signal: AbortSignal,
		log: FastifyBaseLogger,
	): Promise<Opened> {
		let located = first;
		let refreshed = false;
		let candidates = this.deps.cdn.candidates(located.urls);
		if (candidates.length === 0) throw new BilibiliError(BilibiliReason.CDN_NOT_ALLOWED);
		const refresh = async (): Promise<void> => {
			refreshed = true;
			const next = await locate(located.loadedAtMs);
			if ('reason' in next) throw new BilibiliError(next.reason);
			located = next;
			candidates = this.deps.cdn.candidates(located.urls);
		};
		for (let i = 0; i < candidates.length; i++) {
			if (signal.aborted) throw clientGone();
			const url = candidates[i] as URL;
			if (!refreshed && this.#expired(url)) {
				await refresh();
				i = -1;
				continue;
			}
			const opened = await this.#fetch(url, request, signal, log);
			if (!opened) continue;
			const { status } = opened.res;
			if (status === 200 || status === 206 || status === 416) return opened;
			await opened.res.body?.cancel().catch(() => {});
			if (status === 403 && !refreshed) {
				await refresh();
				i = -1;
				continue;
			}
			log.warn({ host: url.host, status }, 'bilibili CDN refused a stream');
		}
		throw new BilibiliError(BilibiliReason.UPSTREAM_DOWN, 'every CDN URL failed');
	}

	#expired(url: URL): boolean {
		const deadline = urlDeadlineSec(url.href);
		return deadline !== null && deadline * 1000 <= this.deps.clock.nowMs() + DEADLINE_SLACK_MS;
	}

	/** One attempt, following redirects within the allow-list; null on failure. */
	async #fetch(
		start: URL,
		request: FastifyRequest,
		signal: AbortSignal,
		log: FastifyBaseLogger,
	): Promise<Opened | null> {
		const extra: Record<string, string> = { accept: '*/*', 'accept-encoding': 'identity' };
		const range = request.headers.range;
		if (typeof range === 'string' && SINGLE_RANGE.test(range)) {
			extra.range = range;
			const ifRange = request.headers['if-range'];
			if (typeof ifRange === 'string' && ifRange.length <= 200) extra['if-range'] = ifRange;
		}
		let url = start;
		for (let hop = 0; hop <= this.#limits.maxRedirects; hop++) {
			if (!(await this.deps.cdn.safeToContact(url, this.deps.clock.nowMs()))) {
				log.warn({ host: url.host }, 'bilibili CDN host refused: it resolves to a private address');
				return null;
			}
			const upstream = new AbortController();
			const timer = setTimeout(() => upstream.abort(), this.#limits.headersTimeoutMs);
			let res: Response;
			try {
				res = await this.deps.fetch(url, {
					method: request.method === 'HEAD' ? 'HEAD' : 'GET',
					headers: browserHeaders(extra),
					redirect: 'manual',
					signal: AbortSignal.any([upstream.signal, signal]),
				});
			} catch (error) {
				if (signal.aborted) throw clientGone();
				log.warn({ host: url.host, error: String(error) }, 'bilibili CDN unreachable');
				return null;
			} finally {
				clearTimeout(timer);
			}
			const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
			if (location === null) return { res, abort: () => upstream.abort() };
			await res.body?.cancel().catch(() => {});
			const next = URL.canParse(location, url.href) ? new URL(location, url) : null;
			if (!next || !this.deps.cdn.allows(next)) {
				log.warn({ from: url.host, to: next?.host }, 'bilibili CDN redirect refused');
				return null;
			}
			url = next;
		}
		return null;
	}

	#send(
		request: FastifyRequest,
		reply: FastifyReply,
		{ res, abort }: Opened,
		mimeType: string,
		clientGone: AbortSignal,
		log: FastifyBaseLogger,
	): FastifyReply {
		reply.code(res.status);
		for (const name of FORWARDED) {
			const value = res.headers.get(name);
			if (value !== null) reply.header(name, value);
		}
		reply
			.header('content-type', mimeType)
			.header('accept-ranges', 'bytes')
			.header('cache-control', 'private, max-age=3600');
		if (res.headers.get('etag') === null) {
			const etag = streamEtag(request.url, res.headers);
			if (etag !== null) reply.header('etag', etag);
		}
		if (request.method === 'HEAD' || res.status === 416 || !res.body) {
			void res.body?.cancel().catch(() => {});
			return reply.send();
		}
		const declared = Number(res.headers.get('content-length') ?? NaN);
		const limit = this.#limits.maxStreamBytes;
		const max = Number.isSafeInteger(declared) ? Math.min(declared, limit) : limit;
		const guard = new StreamGuard(max, this.#limits.idleTimeoutMs, abort);
		const body = Readable.fromWeb(res.body as NodeWebStream<Uint8Array>);
		body.on('error', (error) => guard.destroy(error));
		guard.on('error', (error) => {
			// A client that went away is not an upstream failure (it is logged as an abort).
			if (!clientGone.aborted) log.warn({ error: error.message }, 'media proxy stream failed');
		});
		guard.on('close', () => body.destroy());
		return reply.send(body.pipe(guard));
	}
}
