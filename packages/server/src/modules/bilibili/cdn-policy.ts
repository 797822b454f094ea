/**
 * Which upstream URLs the media proxy may contact, in which order (docs: bilibili-upstream.md
 * §10): allow-listed CDN URLs first (base, then backups, as Bilibili ordered them); then PCDN URLs
 * moved onto a regular mirror host (BBDown's substitution — path and query kept); PCDN URLs
 * themselves only as a last resort and only when allow-listed. Anything off the list is dropped.
 */
import { HostList, classifyCdnUrl } from './hosts.js';

/** upos paths keep their signature when moved to another mirror host. */
const SUBSTITUTABLE_PATH = /^\/(?:upgcxcode|ugaxcode)\//;

export class CdnPolicy {
	readonly #cdn: HostList;
	readonly #pcdn: HostList;

	constructor(cdnHosts: readonly string[], pcdnHosts: readonly string[] = []) {
		this.#cdn = new HostList(cdnHosts);
		this.#pcdn = new HostList(pcdnHosts);
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
