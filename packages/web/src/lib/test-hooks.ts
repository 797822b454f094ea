import type { Correcting } from './sync/sync-controller.js';
import type { DriftKind } from '@videotogether/shared';
import type { RoomState } from './state/room.svelte.js';

/** What tests and the benchmark read from a page (`window.__vt`). Tiny and always present. */
export interface VtHooks {
	/** Smoothed drift of the local player against the room (player − room), ms. */
	drift(): { driftMs: number; kind: DriftKind; correcting: Correcting } | null;
	/** Server time now, by this page's clock sync. */
	serverNow(): number;
	/** The room's position at `serverNow()` (null: nothing loaded). */
	expectedMs(): number | null;
	/** The player's position now (the presented frame's media time extrapolated to now). */
	mediaMs(): number | null;
	/** This tab's member id (socket id). */
	memberId(): string | null;
}

declare global {
	interface Window {
		__vt?: VtHooks;
	}
}

export function createTestHooks(room: RoomState): VtHooks {
	return {
		drift: () => room.sync.driftInfo(),
		serverNow: () => room.serverNow(),
		expectedMs: () => room.sync.expectedMs(),
		mediaMs: () => room.sync.mediaMs(),
		memberId: () => room.memberId,
	};
}

export function installTestHooks(room: RoomState, target: Window = window): void {
	target.__vt = createTestHooks(room);
}
