import { Type, type Static } from 'typebox';
import { EpochMsSchema, PositionMsSchema, RateSchema } from './common.js';
import { PlaybackStateSchema } from './playback.js';

/** The room's phase, derived from its state: nothing loaded, paused, playing, or waiting for buffering viewers. */
export const RoomPhase = {
	IDLE: 'idle',
	PAUSED: 'paused',
	PLAYING: 'playing',
	WAITING: 'waiting',
} as const;
export type RoomPhase = (typeof RoomPhase)[keyof typeof RoomPhase];
export const RoomPhaseSchema = Type.Union([
	Type.Literal(RoomPhase.IDLE),
	Type.Literal(RoomPhase.PAUSED),
	Type.Literal(RoomPhase.PLAYING),
	Type.Literal(RoomPhase.WAITING),
]);

/** A viewer's player as it reports itself. */
export const PlayerStatus = {
	LOADING: 'loading',
	READY: 'ready',
	BUFFERING: 'buffering',
	ERROR: 'error',
	AUTOPLAY_BLOCKED: 'autoplay-blocked',
} as const;
export type PlayerStatus = (typeof PlayerStatus)[keyof typeof PlayerStatus];
export const PlayerStatusSchema = Type.Union([
	Type.Literal(PlayerStatus.LOADING),
	Type.Literal(PlayerStatus.READY),
	Type.Literal(PlayerStatus.BUFFERING),
	Type.Literal(PlayerStatus.ERROR),
	Type.Literal(PlayerStatus.AUTOPLAY_BLOCKED),
]);

/** How a drift figure was obtained: from decoded frames (precise) or estimated (embed player). */
export const DriftKindSchema = Type.Union([
	Type.Literal('frame'),
	Type.Literal('time'),
	Type.Literal('estimated'),
]);
export type DriftKind = Static<typeof DriftKindSchema>;

/** A viewer in a room (one per connected tab). */
export const MemberSchema = Type.Object({
	/** Connection id (unique per tab and connection). */
	id: Type.String(),
	userId: Type.String(),
	name: Type.String(),
	status: PlayerStatusSchema,
	/** Last reported drift (player − room timeline), ms; null before the first report. */
	driftMs: Type.Union([Type.Number(), Type.Null()]),
	driftKind: Type.Union([DriftKindSchema, Type.Null()]),
	rttMs: Type.Union([Type.Number(), Type.Null()]),
	/** "Don't wait for me": this viewer's buffering never pauses the room. */
	noWait: Type.Boolean(),
});
export type Member = Static<typeof MemberSchema>;

/** Who the room is waiting for, and until when. */
export const WaitingSchema = Type.Object({
	sinceMs: EpochMsSchema,
	/** Server time at which the room continues regardless. */
	deadlineMs: EpochMsSchema,
	/** Position the room will resume from. */
	positionMs: PositionMsSchema,
	memberIds: Type.Array(Type.String()),
	names: Type.Array(Type.String()),
});
export type Waiting = Static<typeof WaitingSchema>;

/** `playback:state` (server → client): the room's timeline and phase. */
export const RoomPlaybackSchema = Type.Object({
	room: Type.String(),
	playback: PlaybackStateSchema,
	phase: RoomPhaseSchema,
	waiting: Type.Union([WaitingSchema, Type.Null()]),
	/** Server clock when sent. */
	serverTimeMs: EpochMsSchema,
});
export type RoomPlayback = Static<typeof RoomPlaybackSchema>;

/** `room:members` (server → client). */
export const RoomMembersSchema = Type.Object({
	room: Type.String(),
	/** The viewers (in very large rooms only the first `PRESENCE_LIST_MAX`). */
	members: Type.Array(MemberSchema),
	/** How many viewers there are in all. */
	count: Type.Integer({ minimum: 0 }),
});
/** Presence lists longer than this are cut (a list of thousands helps nobody and costs O(N²) traffic). */
export const PRESENCE_LIST_MAX = 200;
export type RoomMembers = Static<typeof RoomMembersSchema>;

/** `clock:ping` (client → server), answered on the ack with the server's receive/send times. */
export const ClockPingSchema = Type.Object({ t0: Type.Number() }, { additionalProperties: false });
export type ClockPing = Static<typeof ClockPingSchema>;
export const ClockPongSchema = Type.Object({
	t0: Type.Number(),
	t1: Type.Number(),
	t2: Type.Number(),
});
export type ClockPong = Static<typeof ClockPongSchema>;

const Seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/**
 * `playback:command` (client → server). `seq` is the sequence number of the state the sender was
 * looking at: a command based on an older state is rejected with the current one.
 */
export const PlaybackCommandSchema = Type.Union([
	Type.Object({ type: Type.Literal('play'), seq: Seq }, { additionalProperties: false }),
	Type.Object({ type: Type.Literal('pause'), seq: Seq }, { additionalProperties: false }),
	Type.Object(
		{ type: Type.Literal('seek'), seq: Seq, positionMs: PositionMsSchema },
		{ additionalProperties: false },
	),
	Type.Object(
		{ type: Type.Literal('rate'), seq: Seq, rate: RateSchema },
		{ additionalProperties: false },
	),
	Type.Object(
		{ type: Type.Literal('load'), seq: Seq, url: Type.String({ minLength: 1, maxLength: 4096 }) },
		{ additionalProperties: false },
	),
]);
export type PlaybackCommand = Static<typeof PlaybackCommandSchema>;

/** `player:status` (client → server). */
export const PlayerStatusReportSchema = Type.Object(
	{
		status: PlayerStatusSchema,
		/** The media the player is on (a stale report about previous media is ignored). */
		mediaId: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
		/** The media's duration as the player found it (lets the room auto-advance at the end). */
		durationMs: Type.Optional(Type.Number({ minimum: 1, maximum: 604_800_000 })),
	},
	{ additionalProperties: false },
);
export type PlayerStatusReport = Static<typeof PlayerStatusReportSchema>;

/** `player:drift` (client → server), about once a second. */
export const DriftReportSchema = Type.Object(
	{
		driftMs: Type.Number({ minimum: -86_400_000, maximum: 86_400_000 }),
		kind: DriftKindSchema,
		rttMs: Type.Optional(Type.Number({ minimum: 0, maximum: 60_000 })),
		/** Which correction the client is applying now. */
		correcting: Type.Optional(
			Type.Union([Type.Literal('none'), Type.Literal('rate'), Type.Literal('seek')]),
		),
	},
	{ additionalProperties: false },
);
export type DriftReport = Static<typeof DriftReportSchema>;

/** `member:settings` (client → server). */
export const MemberSettingsSchema = Type.Object(
	{ noWait: Type.Boolean() },
	{ additionalProperties: false },
);
export type MemberSettings = Static<typeof MemberSettingsSchema>;
