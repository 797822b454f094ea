/**
 * The fake's run-time state: fault mode, request counters, the bases it writes into stream URLs
 * and the WBI keys it hands out. Tests change it while the server runs.
 */
import type { WbiKeys } from './wbi.js';

/** How the whole fake behaves: see {@link FakeState.setMode}. */
export type FakeMode = 'ok' | 'down' | 'slow' | 'garbage' | 'risk';

/** Route families a fault mode can be limited to. */
export type RouteGroup = 'api' | 'cdn' | 'shortlink' | 'danmaku';

/** Details of a fault mode. */
export interface ModeOptions {
	/** `slow`: delay before answering, ms (default 2000). */
	delayMs?: number;
	/** `down`: answer 503 (default) or destroy the socket (ECONNRESET on a real connection). */
	downStyle?: '503' | 'reset';
	/** Limit the mode to these route groups (default: every group). */
	groups?: readonly RouteGroup[];
}

/** Base URLs (scheme://host:port) the fake writes into playurl answers. */
export interface StreamBases {
	/** Primary CDN base (default: the Host the playurl request came in on). */
	cdnBase?: string;
	/** Base of the `backupUrl` entries (default: cdnBase). */
	backupCdnBase?: string;
	/**
	 * "PCDN" base used as `baseUrl` of one stream, or null for none (default: the request's host
	 * with 127.0.0.1 ↔ localhost swapped, same port — a distinct host:port on loopback).
	 */
	pcdnBase?: string | null;
}

/** Mutable state shared by the hooks and routes of one fake. */
export class FakeState {
	mode: FakeMode = 'ok';
	modeOptions: ModeOptions = {};
	wbiKeys: WbiKeys;
	bases: StreamBases;
	/** host:port values that were written as PCDN (resp. CDN) bases; used to classify CDN hits. */
	readonly pcdnHosts = new Set<string>();
	readonly cdnHosts = new Set<string>();
	readonly #counts = new Map<string, number>();

	constructor(wbiKeys: WbiKeys, bases: StreamBases) {
		this.wbiKeys = wbiKeys;
		this.bases = {};
		this.setBases(bases);
	}

	/** Switches the fault mode (takes effect for the next request). */
	setMode(mode: FakeMode, options: ModeOptions = {}): void {
		this.mode = mode;
		this.modeOptions = options;
	}

	/** Whether the current mode applies to a route group. */
	modeApplies(group: RouteGroup): boolean {
		const groups = this.modeOptions.groups;
		return this.mode !== 'ok' && (!groups || groups.includes(group));
	}

	/** Replaces the configured bases (unset ones fall back to the request-derived defaults). */
	setBases(bases: StreamBases): void {
		this.bases = { ...bases };
		if (bases.cdnBase) this.cdnHosts.add(new URL(bases.cdnBase).host);
		if (bases.backupCdnBase) this.cdnHosts.add(new URL(bases.backupCdnBase).host);
		if (bases.pcdnBase) this.pcdnHosts.add(new URL(bases.pcdnBase).host);
	}

	/** Resolves the bases for a request that arrived with `Host: host`. */
	basesFor(host: string): { cdn: string; backup: string; pcdn: string | null } {
		const cdn = this.bases.cdnBase ?? `http://${host}`;
		const backup = this.bases.backupCdnBase ?? cdn;
		const pcdn =
			this.bases.pcdnBase === undefined ? `http://${swapLoopbackName(host)}` : this.bases.pcdnBase;
		this.cdnHosts.add(new URL(cdn).host);
		this.cdnHosts.add(new URL(backup).host);
		if (pcdn) this.pcdnHosts.add(new URL(pcdn).host);
		return { cdn, backup, pcdn };
	}

	/** True when a CDN request's Host is one the fake only ever wrote as a PCDN base. */
	isPcdnHost(host: string): boolean {
		return this.pcdnHosts.has(host) && !this.cdnHosts.has(host);
	}

	/** Adds one to a counter. */
	count(key: string): void {
		this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
	}

	/** Current value of a counter (0 if never hit). */
	hits(key: string): number {
		return this.#counts.get(key) ?? 0;
	}

	/** A snapshot of every counter. */
	snapshot(): Record<string, number> {
		return Object.fromEntries(this.#counts);
	}

	/** Zeroes every counter. */
	resetCounters(): void {
		this.#counts.clear();
	}
}

/** `127.0.0.1:5055` → `localhost:5055` and back; any other name → `127.0.0.1` on the same port. */
export function swapLoopbackName(host: string): string {
	const url = new URL(`http://${host}`);
	url.hostname = url.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
	return url.host;
}
