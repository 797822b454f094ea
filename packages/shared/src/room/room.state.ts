/**
 * The room's state as the server keeps it, and what is derived from it (phase, whom the room
 * waits for, the scheduling lead). Pure; time always arrives as an argument.
 */
import type { Media } from '../schemas/media.js';
import type { PlaybackState } from '../schemas/playback.js';
import { DEFAULT_ROOM_ID } from '../schemas/common.js';
import type { QueueItem, RoomInfo, RoomSummary } from '../schemas/room.js';
import { RoomPhase, type Member, type RoomPlayback } from '../schemas/sync.js';

/** A member as the server tracks it. */
export interface MemberRecord extends Member {
	/** Has this member's player been ready on the current media? Until then it never stalls the room. */
	readyOnce: boolean;
	/** The room stopped waiting for this member (timeout); not waited for again until ready. */
	skipWait: boolean;
}

export interface WaitState {
	sinceMs: number;
	deadlineMs: number;
	/** Position the room resumes from. */
	positionMs: number;
}

export interface RoomState {
	info: RoomInfo;
	playback: PlaybackState;
	waiting: WaitState | null;
	/** Members by connection id, in join order. */
	members: Record<string, MemberRecord>;
	queue: QueueItem[];
	/** Since when the host has had no connection in the room (null: present, or no host). */
	hostAwaySinceMs: number | null;
	/** Per-user settings that outlive a connection (by user id). */
	prefs: Record<string, MemberPrefs>;
}

export interface MemberPrefs {
	noWait: boolean;
}

/** Tunables of the sync model (design §3). */
export interface SyncSettings {
	/** Shortest lead before a scheduled transition, ms. */
	minLeadMs: number;
	/** Longest lead, however slow a member's link, ms. */
	maxLeadMs: number;
	/** Longest the room waits for buffering members, ms (`SYNC_WAIT_MAX_MS`). */
	waitMaxMs: number;
	/** How long a host may be gone before the role passes on, ms. */
	hostGraceMs: number;
	/** Lead before an auto-advanced or queued item starts, so everyone can buffer, ms. */
	autoplayLeadMs: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
	minLeadMs: 150,
	maxLeadMs: 1000,
	waitMaxMs: 8000,
	hostGraceMs: 60_000,
	autoplayLeadMs: 1500,
};

/** Who sent a command (null: the server itself). */
export interface Actor {
	id: string;
	name: string;
}

export function initialRoomState(nowMs: number, info: Partial<RoomInfo> = {}): RoomState {
	return {
		info: {
			id: DEFAULT_ROOM_ID,
			name: '',
			controlMode: 'everyone',
			hostId: null,
			hostName: null,
			createdBy: null,
			createdAt: nowMs,
			lastActiveAt: nowMs,
			...info,
		},
		playback: {
			media: null,
			paused: true,
			positionMs: 0,
			anchorMs: nowMs,
			rate: 1,
			seq: 0,
			actor: null,
		},
		waiting: null,
		members: {},
		queue: [],
		hostAwaySinceMs: null,
		prefs: {},
	};
}

/** The part of a room worth keeping across restarts (connections are not). */
export function persistableRoom(state: RoomState): RoomState {
	return { ...state, members: {} };
}

/**
 * A room loaded after a restart: nobody is connected yet, so a wait for buffering viewers ends
 * and the room plays on from where it waited (scheduled with a lead-in so reconnecting viewers
 * start together). A playing room simply continues: its anchor makes the position advance by the
 * time the server was down.
 */
export function restoreRoomState(
	saved: RoomState,
	nowMs: number,
	settings: SyncSettings,
): RoomState {
	const base: RoomState = { ...saved, members: {}, waiting: null, prefs: saved.prefs ?? {} };
	if (saved.waiting === null) return base;
	return {
		...base,
		playback: {
			...saved.playback,
			paused: false,
			positionMs: saved.waiting.positionMs,
			anchorMs: nowMs + settings.autoplayLeadMs,
			seq: saved.playback.seq + 1,
			actor: null,
		},
	};
}

/** May `actor` control playback and the queue? (The server itself always may.) */
export function mayControl(state: RoomState, actor: Actor | null): boolean {
	return actor === null || state.info.controlMode === 'everyone' || actor.id === state.info.hostId;
}

/** When the current media will reach its end (server time), if playing and its duration is known. */
export function mediaEndsAtMs(state: RoomState): number | null {
	const { playback } = state;
	const duration = playback.media?.durationMs;
	if (duration === undefined || playback.paused || state.waiting !== null) return null;
	return playback.anchorMs + Math.max(0, duration - playback.positionMs) / playback.rate;
}

export function roomPhase(state: RoomState): RoomPhase {
	if (state.playback.media === null) return RoomPhase.IDLE;
	if (state.waiting !== null) return RoomPhase.WAITING;
	return state.playback.paused ? RoomPhase.PAUSED : RoomPhase.PLAYING;
}

/** May this member's stall pause the room? */
export function canStallRoom(member: MemberRecord): boolean {
	return member.readyOnce && !member.noWait && !member.skipWait;
}

/** Members the room is (or would be) waiting for: buffering and allowed to stall it. */
export function waitingFor(state: RoomState): MemberRecord[] {
	return Object.values(state.members).filter((m) => m.status === 'buffering' && canStallRoom(m));
}

/** Lead before a scheduled start: max(2 × worst member RTT, minimum), capped. */
export function scheduleLeadMs(state: RoomState, settings: SyncSettings): number {
	let worstRtt = 0;
	for (const member of Object.values(state.members)) {
		if (member.rttMs !== null && member.rttMs > worstRtt) worstRtt = member.rttMs;
	}
	return Math.min(settings.maxLeadMs, Math.max(settings.minLeadMs, Math.ceil(2 * worstRtt)));
}

export function clampToMedia(positionMs: number, media: Media | null): number {
	const max = media?.durationMs;
	const clamped = Math.max(0, positionMs);
	return max === undefined ? clamped : Math.min(clamped, max);
}

/** The `playback:state` message for a room. */
export function toRoomPlayback(room: string, state: RoomState, serverNowMs: number): RoomPlayback {
	const waiters = waitingFor(state);
	return {
		room,
		playback: state.playback,
		phase: roomPhase(state),
		waiting:
			state.waiting === null
				? null
				: {
						...state.waiting,
						memberIds: waiters.map((m) => m.id),
						names: waiters.map((m) => m.name),
					},
		serverTimeMs: serverNowMs,
	};
}

/** Members as clients see them (without server bookkeeping), at most `limit` of them. */
export function publicMembers(state: RoomState, limit = Number.POSITIVE_INFINITY): Member[] {
	const all = Object.values(state.members);
	return all.slice(0, limit).map(({ readyOnce: _r, skipWait: _s, ...member }) => member);
}

/** One row of the room list. */
export function toRoomSummary(state: RoomState): RoomSummary {
	return {
		id: state.info.id,
		name: state.info.name,
		controlMode: state.info.controlMode,
		hostName: state.info.hostName,
		phase: roomPhase(state),
		nowPlaying: state.playback.media,
		viewers: [...new Set(Object.values(state.members).map((m) => m.name))],
		queueLength: state.queue.length,
		lastActiveAt: state.info.lastActiveAt,
	};
}
