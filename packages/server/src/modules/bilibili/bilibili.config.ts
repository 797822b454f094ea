/**
 * The Bilibili pipeline's settings, read from `BILIBILI_*` variables by {@link parseBilibiliEnv}
 * (called from config.ts, which collects every problem before failing). Every upstream base is
 * configurable so tests and offline demos can point the server at the fake upstream.
 */
import { parseHostPattern } from './hosts.js';

/** `BILIBILI_PLAYBACK`: `auto` walks the ladder; the others force one mode. */
export type PlaybackSetting = 'auto' | 'native' | 'mp4' | 'embed';
const PLAYBACK_SETTINGS: readonly PlaybackSetting[] = ['auto', 'native', 'mp4', 'embed'];

export interface BilibiliConfig {
	/** `BILIBILI_API_BASE`, no trailing slash. */
	apiBase: string;
	/** `BILIBILI_SHORTLINK_BASE` (b23.tv), no trailing slash. */
	shortlinkBase: string;
	/** `BILIBILI_CDN_HOSTS`: host or host:port patterns, `*.` wildcards. */
	cdnHosts: string[];
	/** `BILIBILI_PCDN_HOSTS`: hosts treated as PCDN besides the host:port rule. */
	pcdnHosts?: string[];
	playback: PlaybackSetting;
	/** `BILIBILI_COOKIE`: sent upstream when set (off by default: guest tier, `try_look=1`). */
	cookie: string | null;
	/** Per upstream request, until the response headers (API: until the whole body). */
	upstreamTimeoutMs: number;
	/** Largest API/danmaku body we read (media is streamed, not read). */
	maxUpstreamBytes: number;
}

export const DEFAULT_CDN_HOSTS = [
	'*.bilivideo.com',
	'*.bilivideo.cn',
	'upos-hz-mirrorakam.akamaized.net',
];

export const DEFAULT_BILIBILI_CONFIG: Readonly<BilibiliConfig> = {
	apiBase: 'https://api.bilibili.com',
	shortlinkBase: 'https://b23.tv',
	cdnHosts: DEFAULT_CDN_HOSTS,
	pcdnHosts: [],
	playback: 'auto',
	cookie: null,
	upstreamTimeoutMs: 10_000,
	maxUpstreamBytes: 8 * 1024 * 1024,
};

function parseBase(name: string, raw: string | undefined, fallback: string, problems: string[]) {
	const value = raw?.trim() ?? '';
	if (value === '') return fallback;
	try {
		const url = new URL(value);
		const clean = url.protocol === 'https:' || url.protocol === 'http:';
		if (clean && !url.username && !url.password && !url.search && !url.hash) {
			return url.href.replace(/\/+$/, '');
		}
	} catch {
		// reported below
	}
	problems.push(
		`${name}: must be an http(s) URL without credentials, query or fragment (got "${value}")`,
	);
	return fallback;
}

function parseHosts(name: string, raw: string | undefined, fallback: string[], problems: string[]) {
	const list = (raw ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (list.length === 0) return fallback;
	const bad = list.filter((h) => parseHostPattern(h) === null);
	if (bad.length > 0) {
		problems.push(
			`${name}: each entry must be a host, *.domain or host:port (bad: ${bad.join(', ')})`,
		);
		return fallback;
	}
	return list;
}

function parseTimeout(raw: string | undefined, problems: string[]): number {
	const value = raw?.trim() ?? '';
	if (value === '') return DEFAULT_BILIBILI_CONFIG.upstreamTimeoutMs;
	if (/^\d{3,6}$/.test(value) && Number(value) >= 500 && Number(value) <= 120_000) {
		return Number(value);
	}
	problems.push(`BILIBILI_UPSTREAM_TIMEOUT_MS: must be 500–120000 milliseconds (got "${value}")`);
	return DEFAULT_BILIBILI_CONFIG.upstreamTimeoutMs;
}

/**
 * Reads `BILIBILI_PLAYBACK` (auto), `BILIBILI_API_BASE`, `BILIBILI_SHORTLINK_BASE`,
 * `BILIBILI_CDN_HOSTS`, `BILIBILI_PCDN_HOSTS`, `BILIBILI_COOKIE` and `BILIBILI_UPSTREAM_TIMEOUT_MS`,
 * appending a readable line to `problems` for each bad value (and using the default for it).
 */
export function parseBilibiliEnv(
	env: Readonly<Record<string, string | undefined>>,
	problems: string[],
): BilibiliConfig {
	const playbackRaw = (env.BILIBILI_PLAYBACK ?? '').trim().toLowerCase();
	let playback: PlaybackSetting = 'auto';
	if (PLAYBACK_SETTINGS.includes(playbackRaw as PlaybackSetting)) {
		playback = playbackRaw as PlaybackSetting;
	} else if (playbackRaw !== '') {
		problems.push(`BILIBILI_PLAYBACK: must be one of ${PLAYBACK_SETTINGS.join(', ')}`);
	}
	const cookieRaw = env.BILIBILI_COOKIE?.trim() ?? '';
	// Header injection guard: a cookie is one line of printable ASCII.
	const cookieOk = /^[\x20-\x7e]*$/.test(cookieRaw) && cookieRaw.length <= 4096;
	if (!cookieOk) problems.push('BILIBILI_COOKIE: must be one line of printable ASCII (≤ 4096)');
	const D = DEFAULT_BILIBILI_CONFIG;
	return {
		apiBase: parseBase('BILIBILI_API_BASE', env.BILIBILI_API_BASE, D.apiBase, problems),
		shortlinkBase: parseBase(
			'BILIBILI_SHORTLINK_BASE',
			env.BILIBILI_SHORTLINK_BASE,
			D.shortlinkBase,
			problems,
		),
		cdnHosts: parseHosts('BILIBILI_CDN_HOSTS', env.BILIBILI_CDN_HOSTS, D.cdnHosts, problems),
		pcdnHosts: parseHosts('BILIBILI_PCDN_HOSTS', env.BILIBILI_PCDN_HOSTS, [], problems),
		playback,
		cookie: cookieOk && cookieRaw !== '' ? cookieRaw : null,
		upstreamTimeoutMs: parseTimeout(env.BILIBILI_UPSTREAM_TIMEOUT_MS, problems),
		maxUpstreamBytes: D.maxUpstreamBytes,
	};
}
