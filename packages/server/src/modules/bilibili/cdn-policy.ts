/**
 * Which upstream URLs the media proxy may contact, in which order (docs: bilibili-upstream.md
 * §10): allow-listed CDN URLs first (base, then backups, as Bilibili ordered them); then PCDN URLs
 * moved onto a regular mirror host (BBDown's substitution — path and query kept); PCDN URLs
 * themselves only as a last resort and only when allow-listed. Anything off the list is dropped.
 */
import { HostList, classifyCdnUrl, resolvesPublic, systemLookup, type LookupAll } from './hosts.js';

/** How long a host's "resolves to public addresses only" answer is reused. */
const PUBLIC_CHECK_TTL_MS = 60_000;

/** upos paths keep their signature when moved to another mirror host. */
const SUBSTITUTABLE_PATH = /^\/(?:upgcxcode|ugaxcode)\//;

export class CdnPolicy {
	readonly #cdn: HostList;
	readonly #pcdn: HostList;

	readonly #lookup: LookupAll;
	readonly #checked = new Map<string, { ok: boolean; atMs: number }>();

	constructor(
		cdnHosts: readonly string[],
		pcdnHosts: readonly string[] = [],
		lookup: LookupAll = systemLookup,
	) {
		this.#cdn = new HostList(cdnHosts);
		this.#pcdn = new HostList(pcdnHosts);
		this.#lookup = lookup;
	}

	/**
	 * True when an allowed URL's host may be connected to: a host the operator listed by name is
	 * trusted as configured (e.g. a local mirror); one matched only by a wildcard must resolve,
	 * and only to public addresses — no DNS name under `*.bilivideo.com` can point the proxy at
	 * loopback, the LAN or a metadata service. `nowMs` dates the short-lived answer cache.
	 */
	async safeToContact(url: URL, nowMs: number): Promise<boolean> {
		if (!this.allows(url)) return false;
		if (this.#cdn.matchesExactly(url)) return true;
		const host = url.hostname.toLowerCase();
		const cached = this.#checked.get(host);
		if (cached && nowMs - cached.atMs < PUBLIC_CHECK_TTL_MS) return cached.ok;
		const ok = await resolvesPublic(host, this.#lookup);
		if (this.#checked.size > 1_000) this.#checked.clear();
		this.#checked.set(host, { ok, atMs: nowMs });
		return ok;
	}

	/** True when the proxy may contact this URL at all (also checked for every redirect). */
	allows(url: URL): boolean {
		return classifyCdnUrl(url, this.#cdn, this.#pcdn).allowed;
	}

	isPcdn(url: URL): boolean {
		return classifyCdnUrl(url, this.#cdn, this.#pcdn).pcdn;
	}

	/** The URLs to try for one stream, best first; empty when none may be contacted. */
	candidates(urls: readonly string[]): URL[] {
		const regular: URL[] = [];
		const peers: URL[] = [];
		for (const raw of urls) {
			let url: URL;
			try {
				url = new URL(raw);
			} catch {
				continue;
			}
			const verdict = classifyCdnUrl(url, this.#cdn, this.#pcdn);
			if (verdict.pcdn) peers.push(url);
			else if (verdict.allowed) regular.push(url);
		}
		const mirror = regular[0];
		const moved = mirror
			? peers
					.filter((p) => SUBSTITUTABLE_PATH.test(p.pathname))
					.map((p) => new URL(`${p.pathname}${p.search}`, mirror.origin))
			: [];
		const lastResort = peers.filter((p) => this.allows(p));
		const seen = new Set<string>();
		return [...regular, ...moved, ...lastResort].filter((u) => {
			if (seen.has(u.href)) return false;
			seen.add(u.href);
			return true;
		});
	}
}
