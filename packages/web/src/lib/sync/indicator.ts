import type { PlayerStatus, RoomPhase } from '@videotogether/shared';
import type { MessageKey, MessageParams } from '../i18n/index.js';
import type { SyncSnapshot } from './sync-controller.js';

export type SyncIndicatorState = 'in-sync' | 'correcting' | 'waiting' | 'off' | 'estimated';

export interface SyncIndicatorInput {
	connected: boolean;
	phase: RoomPhase;
	/** Whom the room waits for (display names), when it waits. */
	waitingFor: string[];
	player: Pick<
		SyncSnapshot,
		'attached' | 'status' | 'precision' | 'driftMs' | 'correcting' | 'needsGesture'
	>;
}

export interface SyncIndicatorView {
	state: SyncIndicatorState;
	key: MessageKey;
	params?: MessageParams;
	/** Names to list in the message (`{names}`), formatted for the locale by the component. */
	names?: string[];
	/** Offer the "resync" button (far off, and not fixing itself quickly). */
	resync: boolean;
}

/** Beyond this the indicator says how far behind/ahead you are and offers a resync, ms. */
export const FAR_OFF_MS = 250;
/** Within this the player counts as in sync (the correction dead zone), ms. */
export const IN_SYNC_MS = 25;

const STATUS_KEYS: Partial<Record<PlayerStatus, MessageKey>> = {
	loading: 'sync.loading',
	buffering: 'sync.buffering',
	error: 'sync.error',
};

/** What the sync indicator shows, from the room and the local player. Pure. */
export function syncIndicatorView(input: SyncIndicatorInput): SyncIndicatorView {
	const { player } = input;
	const off = (key: MessageKey): SyncIndicatorView => ({ state: 'off', key, resync: false });
	if (!input.connected || input.phase === 'idle' || !player.attached) return off('sync.off');
	if (input.phase === 'waiting') {
		return input.waitingFor.length > 0
			? { state: 'waiting', key: 'sync.waiting', names: input.waitingFor, resync: false }
			: { state: 'waiting', key: 'overlay.waitingSomeone', resync: false };
	}
	if (player.precision === 'estimated')
		return { state: 'estimated', key: 'sync.estimated', resync: false };
	if (player.needsGesture) return off('sync.needsGesture');
	const statusKey = player.status === null ? 'sync.loading' : STATUS_KEYS[player.status];
	if (statusKey !== undefined) {
		return player.status === 'buffering'
			? { state: 'correcting', key: statusKey, resync: false }
			: off(statusKey);
	}
	const drift = player.driftMs;
	if (drift === null) return { state: 'correcting', key: 'sync.measuring', resync: false };
	const size = Math.round(Math.abs(drift));
	if (size > FAR_OFF_MS) {
		return {
			state: 'correcting',
			key: drift < 0 ? 'sync.behind' : 'sync.ahead',
			params: { drift: size },
			resync: true,
		};
	}
	// Fine rate nudges inside the dead zone are not worth a "correcting".
	if (player.correcting === 'seek' || size > IN_SYNC_MS) {
		return { state: 'correcting', key: 'sync.correcting', resync: false };
	}
	return { state: 'in-sync', key: 'sync.inSync', params: { drift: size }, resync: false };
}
