import type { HostRequestEvent } from '@videotogether/shared';
import { globalTimers, type Timers } from '../sync/clock.svelte.js';

/** A request shown to the host, until done, dismissed or stale. */
export interface HostRequestToast {
	key: string;
	request: HostRequestEvent;
}

/** Requests older than this disappear by themselves, ms. */
export const REQUEST_TTL_MS = 60_000;
/** At most this many are shown (the newest). */
export const MAX_REQUESTS = 4;

/** What guests asked the host for (host-only rooms), as toasts. */
export class HostRequests {
	#items = $state.raw<HostRequestToast[]>([]);
	#timers: Timers;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- timers, not state
	#expiry = new Map<string, unknown>();
	#counter = 0;

	constructor(timers: Timers = globalTimers) {
		this.#timers = timers;
	}

	get items(): HostRequestToast[] {
		return this.#items;
	}

	add(request: HostRequestEvent): void {
		const key = `r${(this.#counter += 1)}`;
		// The same person asking the same thing again replaces the older toast.
		const same = this.#items.filter(
			(t) => t.request.fromId === request.fromId && t.request.action === request.action,
		);
		for (const toast of same) this.dismiss(toast.key);
		const items = [...this.#items, { key, request }];
		for (const dropped of items.slice(0, Math.max(0, items.length - MAX_REQUESTS))) {
			this.#clearExpiry(dropped.key);
		}
		this.#items = items.slice(-MAX_REQUESTS);
		this.#expiry.set(
			key,
			this.#timers.setTimeout(() => this.dismiss(key), REQUEST_TTL_MS),
		);
	}

	dismiss(key: string): void {
		this.#clearExpiry(key);
		this.#items = this.#items.filter((t) => t.key !== key);
	}

	clear(): void {
		for (const key of this.#expiry.keys()) this.#clearExpiry(key);
		this.#items = [];
	}

	#clearExpiry(key: string): void {
		const timer = this.#expiry.get(key);
		if (timer !== undefined) this.#timers.clearTimeout(timer);
		this.#expiry.delete(key);
	}
}
