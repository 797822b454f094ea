/**
 * Short links (b23.tv, bili2233.cn; docs: bilibili-upstream.md §1) resolved server-side without
 * becoming an SSRF tool: redirects are followed by hand (`redirect: 'manual'`), at most
 * {@link MAX_SHORTLINK_HOPS} hops, only to allow-listed hosts, and never to a name or literal that
 * resolves to a loopback/private address. A 200 page is read for its `<a href>` (some short links
 * answer that way). The first hop that parses as a Bilibili video/episode/season ends the walk —
 * bilibili.com itself is parsed, not fetched.
 */
import { parseBilibiliLink, type BilibiliRef } from '@videotogether/shared';
import { AppError } from '../../lib/errors.js';
import type { BilibiliConfig } from './bilibili.config.js';
import { HostList, resolvesPublic, type LookupAll } from './hosts.js';
import { decodeXmlText } from './danmaku.parse.js';
import {
	browserHeaders,
	deadlineSignal,
	readBody,
	toUpstreamError,
	type FetchFn,
} from './upstream-http.js';

export const MAX_SHORTLINK_HOPS = 5;
const MAX_PAGE_BYTES = 256 * 1024;
const SHORT_HOSTS = ['b23.tv', 'bili2233.cn', 'bilibili.com', '*.bilibili.com'];

export interface ShortLinkDeps {
	config: BilibiliConfig;
	fetch: FetchFn;
	lookup: LookupAll;
}

type ResolvedRef = Exclude<BilibiliRef, { kind: 'shortlink' }>;

function refused(detail: string): AppError {
	return new AppError('invalid_link', 400, 'The short link does not lead to a Bilibili video.', {
		reason: 'shortlink_refused',
		detail,
	});
}

/** The first `<a href="…">` of a page, entity-decoded. */
export function firstAnchorHref(html: string): string | null {
	const m = /<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(html);
	const raw = m?.[1] ?? m?.[2];
	return raw === undefined ? null : decodeXmlText(raw).trim();
}

/** b23.tv links go to the configured short-link base (the fake upstream in tests). */
function startUrl(url: string, base: URL): URL {
	const parsed = new URL(url);
	if (parsed.hostname.toLowerCase() === 'b23.tv') return new URL(parsed.pathname, base);
	return parsed;
}

class ShortLinkWalk {
	readonly #allowed = new HostList(SHORT_HOSTS);
	readonly #base: URL;

	constructor(private readonly deps: ShortLinkDeps) {
		this.#base = new URL(`${deps.config.shortlinkBase}/`);
	}

	/** The configured base host is trusted as configured; everything else must be public. */
	async check(url: URL): Promise<void> {
		if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused('scheme');
		if (url.username || url.password) throw refused('credentials');
		if (url.host === this.#base.host) return;
		if (url.port !== '' || !this.#allowed.matches(url)) throw refused(`host ${url.host}`);
		if (!(await resolvesPublic(url.hostname, this.deps.lookup))) {
			throw refused(`host ${url.hostname} resolves to a private address`);
		}
	}

	/** One hop: the next URL (redirect target or page link). */
	async hop(url: URL): Promise<URL> {
		const signal = deadlineSignal(this.deps.config.upstreamTimeoutMs);
		let res: Response;
		let page: string | null = null;
		try {
			res = await this.deps.fetch(url, {
				headers: browserHeaders({ accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }),
				redirect: 'manual',
				signal,
			});
			if (res.status === 200) {
				page = new TextDecoder().decode(await readBody(res, MAX_PAGE_BYTES));
			} else {
				await res.body?.cancel().catch(() => {});
			}
		} catch (error) {
			throw new AppError('unavailable', 502, 'The short link could not be opened right now.', {
				reason: 'upstream_down',
				detail: toUpstreamError(error, signal).message,
			});
		}
		const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
		const next = location ?? (page === null ? null : firstAnchorHref(page));
		if (next === null) {
			throw new AppError('invalid_link', 400, 'The short link does not exist or has expired.', {
				reason: 'shortlink_not_found',
				detail: `HTTP ${res.status}`,
			});
		}
		try {
			return new URL(next, url);
		} catch {
			throw refused('unreadable target');
		}
	}

	async run(url: string): Promise<ResolvedRef> {
		let current = startUrl(url, this.#base);
		for (let hop = 0; hop < MAX_SHORTLINK_HOPS; hop++) {
			await this.check(current);
			const next = await this.hop(current);
			const parsed = parseBilibiliLink(next.href);
			if (!parsed.ok) current = next;
			else if (parsed.value.kind === 'shortlink') current = startUrl(parsed.value.url, this.#base);
			else return parsed.value;
		}
		throw new AppError('invalid_link', 400, 'The short link redirects too many times.', {
			reason: 'shortlink_loop',
		});
	}
}

/**
 * Resolves a short link to the ref of its long URL (tracking parameters dropped, `p`/`t` kept).
 *
 * @throws AppError `invalid_link` (reason `shortlink_refused` | `shortlink_loop` |
 *   `shortlink_not_found`) or `unavailable` (reason `upstream_down`).
 */
export function resolveShortLink(url: string, deps: ShortLinkDeps): Promise<ResolvedRef> {
	return new ShortLinkWalk(deps).run(url);
}
