/**
 * Host rules for everything the server fetches on a user's behalf (design §6: no SSRF, no open
 * proxy): CDN allow-list patterns, PCDN detection (docs: bilibili-upstream.md §10), and the
 * private-address check for short-link hops.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** A parsed host pattern: `*.bilivideo.com`, `upos-hz-mirrorakam.akamaized.net`, `127.0.0.1:5055`. */
interface HostPattern {
	wildcard: boolean;
	/** Lower-case host name (for a wildcard: the suffix without `*.`). */
	name: string;
	/** Port, or null for "any port". */
	port: string | null;
}

const PATTERN_RE = /^(\*\.)?([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/** Parses a pattern, or null when it is malformed. */
export function parseHostPattern(raw: string): HostPattern | null {
	const m = PATTERN_RE.exec(raw.trim());
	if (!m) return null;
	const port = m[3] ?? null;
	if (port !== null && (Number(port) < 1 || Number(port) > 65_535)) return null;
	if (m[1] && (m[2] as string).startsWith('[')) return null;
	return { wildcard: m[1] !== undefined, name: (m[2] as string).toLowerCase(), port };
}

function hostnameOf(url: URL): string {
	return url.hostname.toLowerCase().replace(/\.$/, '');
}

function matches(pattern: HostPattern, url: URL): boolean {
	if (pattern.port !== null && url.port !== pattern.port) return false;
	const host = hostnameOf(url);
	return pattern.wildcard ? host.endsWith(`.${pattern.name}`) : host === pattern.name;
}

/** A compiled list of host patterns. */
export class HostList {
	readonly #patterns: HostPattern[];

	constructor(patterns: readonly string[]) {
		this.#patterns = patterns.map(parseHostPattern).filter((p) => p !== null);
	}

	/** True when the URL's host (and port, where the pattern names one) matches a pattern. */
	matches(url: URL): boolean {
		return this.#patterns.some((p) => matches(p, url));
	}

	/** True when a pattern without a wildcard names this host (an operator's explicit choice). */
	matchesExactly(url: URL): boolean {
		return this.#patterns.some((p) => !p.wildcard && matches(p, url));
	}

	/** True when a pattern naming this exact port matches (an explicitly trusted host:port). */
	matchesWithPort(url: URL): boolean {
		return this.#patterns.some((p) => p.port !== null && matches(p, url));
	}
}

/** How the proxy sees one upstream URL. */
export interface CdnVerdict {
	/** http(s), no credentials, host matches `cdnHosts`. Only allowed URLs are ever contacted. */
	allowed: boolean;
	/** A peer node: a `pcdnHosts` match, or an explicit port no `host:port` pattern trusts. */
	pcdn: boolean;
}

/** Classifies a stream URL against the CDN allow-list and the PCDN rules. */
export function classifyCdnUrl(url: URL, cdn: HostList, pcdn: HostList): CdnVerdict {
	const httpish = url.protocol === 'https:' || url.protocol === 'http:';
	const allowed = httpish && !url.username && !url.password && cdn.matches(url);
	return { allowed, pcdn: pcdn.matches(url) || (url.port !== '' && !cdn.matchesWithPort(url)) };
}

const BLOCKED = new BlockList();
for (const [net, prefix] of [
	['0.0.0.0', 8],
	['10.0.0.0', 8],
	['100.64.0.0', 10],
	['127.0.0.0', 8],
	['169.254.0.0', 16],
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.0.2.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['198.51.100.0', 24],
	['203.0.113.0', 24],
	['224.0.0.0', 4],
	['240.0.0.0', 4],
] as const) {
	BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
	['::', 128],
	['::1', 128],
	['64:ff9b::', 96],
	['100::', 64],
	['2001:db8::', 32],
	['fc00::', 7],
	['fe80::', 10],
	['ff00::', 8],
] as const) {
	BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** True for loopback, private, link-local, CGNAT, documentation, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
	const bare = address.replace(/^\[|\]$/g, '');
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
	if (mapped) return isPrivateAddress(mapped[1] as string);
	const family = isIP(bare);
	if (family === 0) return true;
	return BLOCKED.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** Resolves a host name to every address (injectable for tests). */
export type LookupAll = (hostname: string) => Promise<string[]>;

export const systemLookup: LookupAll = async (hostname) =>
	(await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * True when a host is safe to contact: an IP literal must be public; a name must resolve, and
 * only to public addresses. (The connection resolves again, so a rebinding name could still
 * switch addresses in between; hosts are allow-listed first, which is the main defence.)
 */
export async function resolvesPublic(hostname: string, lookup: LookupAll): Promise<boolean> {
	const bare = hostname.replace(/^\[|\]$/g, '');
	if (isIP(bare) !== 0) return !isPrivateAddress(bare);
	try {
		const addresses = await lookup(bare);
		return addresses.length > 0 && addresses.every((a) => !isPrivateAddress(a));
	} catch {
		return false;
	}
}
