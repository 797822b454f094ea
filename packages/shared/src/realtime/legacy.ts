import { Type, type Static } from 'typebox';
import { EpochMsSchema, PositionMsSchema } from '../schemas/common.js';
import { MediaSchema } from '../schemas/media.js';
import type { PlaybackState } from '../schemas/playback.js';
import { expectedPositionMs } from '../playback/position.js';

/**
 * The original system's three events, kept field for field (design §4). They act on the default
 * room. `reported_at` on server → client messages is server time; on client → server messages it is
 * the client's wall clock and is only logged.
 */
export const LegacyStatusSchema = Type.Union([Type.Literal('playing'), Type.Literal('paused')]);
export type LegacyStatus = Static<typeof LegacyStatusSchema>;

/** `state` (server → client): on connect and after every change. */
export const LegacyStateSchema = Type.Object({
	url: Type.Union([Type.String(), Type.Null()]),
	status: LegacyStatusSchema,
	/** Position at `reported_at`. */
	position_ms: Type.Number(),
	actor: Type.Union([Type.String(), Type.Null()]),
	/** Server time (ms since epoch) at which `position_ms` held. */
	reported_at: Type.Number(),
	// Extensions (ours): enough to compute the position exactly, and to order states.
	room: Type.String(),
	seq: Type.Integer(),
	rate: Type.Number(),
	media: Type.Union([MediaSchema, Type.Null()]),
	/** Server clock when this message was sent (lets a client estimate its clock offset). */
	server_time: Type.Number(),
});
export type LegacyState = Static<typeof LegacyStateSchema>;

export const ControlTypeSchema = Type.Union([
	Type.Literal('play'),
	Type.Literal('pause'),
	Type.Literal('seek'),
]);

/** `control` (client → server). */
export const ControlPayloadSchema = Type.Object(
	{
		type: ControlTypeSchema,
		position_ms: PositionMsSchema,
		reported_at: Type.Optional(EpochMsSchema),
	},
	{ additionalProperties: false },
);
export type ControlPayload = Static<typeof ControlPayloadSchema>;

/** `heartbeat` (client → server): a client off by more than 2 s gets a corrected `state`. */
export const HeartbeatPayloadSchema = Type.Object(
	{
		url: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
		status: LegacyStatusSchema,
		position_ms: PositionMsSchema,
		reported_at: Type.Optional(EpochMsSchema),
	},
	{ additionalProperties: false },
);
export type HeartbeatPayload = Static<typeof HeartbeatPayloadSchema>;

/** Heartbeat tolerance of the original system. */
export const HEARTBEAT_TOLERANCE_MS = 2000;

/** Build the original `state` message for a room at server time `serverNowMs`. */
export function toLegacyState(
	room: string,
	state: PlaybackState,
	serverNowMs: number,
): LegacyState {
	return {
		url: state.media?.embedUrl ?? state.media?.url ?? null,
		status: state.paused ? 'paused' : 'playing',
		position_ms: Math.round(expectedPositionMs(state, serverNowMs)),
		actor: state.actor,
		reported_at: serverNowMs,
		room,
		seq: state.seq,
		rate: state.rate,
		media: state.media,
		server_time: serverNowMs,
	};
}
