import { Type, type Static } from 'typebox';
import { EpochMsSchema, RoomIdSchema } from './common.js';
import { MediaSchema } from './media.js';
import { RoomPhaseSchema } from './sync.js';

/** Who may control playback and the queue. */
export const ControlMode = { EVERYONE: 'everyone', HOST: 'host' } as const;
export type ControlMode = (typeof ControlMode)[keyof typeof ControlMode];
export const ControlModeSchema = Type.Union([
	Type.Literal(ControlMode.EVERYONE),
	Type.Literal(ControlMode.HOST),
]);

export const ROOM_NAME_MAX = 40;

/** A room's identity and rules. */
export const RoomInfoSchema = Type.Object({
	id: Type.String(),
	name: Type.String(),
	controlMode: ControlModeSchema,
	/** User id of the host (controls in host-only mode, can hand the role on); null: nobody. */
	hostId: Type.Union([Type.String(), Type.Null()]),
	hostName: Type.Union([Type.String(), Type.Null()]),
	createdBy: Type.Union([Type.String(), Type.Null()]),
	createdAt: EpochMsSchema,
	/** Last time anyone was in the room or changed it (for idle expiry). */
	lastActiveAt: EpochMsSchema,
});
export type RoomInfo = Static<typeof RoomInfoSchema>;

export const QueueItemSchema = Type.Object({
	id: Type.String(),
	media: MediaSchema,
	addedBy: Type.String(),
	addedById: Type.String(),
	addedAt: EpochMsSchema,
});
export type QueueItem = Static<typeof QueueItemSchema>;

/** `room:info` (server → client): the room's rules and queue, after every change. */
export const RoomDetailsSchema = Type.Object({
	room: RoomInfoSchema,
	queue: Type.Array(QueueItemSchema),
});
export type RoomDetails = Static<typeof RoomDetailsSchema>;

/** One row of the room list. */
export const RoomSummarySchema = Type.Object({
	id: Type.String(),
	name: Type.String(),
	controlMode: ControlModeSchema,
	hostName: Type.Union([Type.String(), Type.Null()]),
	phase: RoomPhaseSchema,
	nowPlaying: Type.Union([MediaSchema, Type.Null()]),
	viewers: Type.Array(Type.String()),
	queueLength: Type.Integer({ minimum: 0 }),
	lastActiveAt: EpochMsSchema,
});
export type RoomSummary = Static<typeof RoomSummarySchema>;

export const RoomListSchema = Type.Object({
	ok: Type.Literal(true),
	rooms: Type.Array(RoomSummarySchema),
});
export const RoomOkSchema = Type.Object({ ok: Type.Literal(true), room: RoomSummarySchema });

export const CreateRoomBodySchema = Type.Object(
	{
		name: Type.String({ minLength: 1, maxLength: 200 }),
		controlMode: Type.Optional(ControlModeSchema),
	},
	{ additionalProperties: false },
);
export type CreateRoomBody = Static<typeof CreateRoomBodySchema>;

export const RoomParamsSchema = Type.Object({ id: RoomIdSchema });

/** `room:update` (client → server): rules changes by the host. */
export const RoomUpdateSchema = Type.Union([
	Type.Object(
		{ type: Type.Literal('control-mode'), mode: ControlModeSchema },
		{ additionalProperties: false },
	),
	Type.Object(
		{ type: Type.Literal('host'), userId: Type.String({ minLength: 1, maxLength: 200 }) },
		{ additionalProperties: false },
	),
	Type.Object(
		{ type: Type.Literal('rename'), name: Type.String({ minLength: 1, maxLength: 200 }) },
		{ additionalProperties: false },
	),
]);
export type RoomUpdate = Static<typeof RoomUpdateSchema>;

const ItemId = Type.String({ minLength: 1, maxLength: 64 });

/** `queue:command` (client → server). */
export const QueueCommandSchema = Type.Union([
	Type.Object(
		{ type: Type.Literal('add'), url: Type.String({ minLength: 1, maxLength: 4096 }) },
		{ additionalProperties: false },
	),
	Type.Object({ type: Type.Literal('remove'), itemId: ItemId }, { additionalProperties: false }),
	Type.Object(
		{
			type: Type.Literal('move'),
			itemId: ItemId,
			toIndex: Type.Integer({ minimum: 0, maximum: 10_000 }),
		},
		{ additionalProperties: false },
	),
	/** Play this item now (it leaves the queue). */
	Type.Object({ type: Type.Literal('play'), itemId: ItemId }, { additionalProperties: false }),
	/** Skip to the next item. */
	Type.Object({ type: Type.Literal('next') }, { additionalProperties: false }),
]);
export type QueueCommand = Static<typeof QueueCommandSchema>;

/** `room:request` (client → server) in host-only mode: ask the host to do something. */
export const HostRequestSchema = Type.Object(
	{
		action: Type.Union([
			Type.Literal('play'),
			Type.Literal('pause'),
			Type.Literal('seek'),
			Type.Literal('rate'),
			Type.Literal('load'),
			Type.Literal('next'),
		]),
		positionMs: Type.Optional(Type.Number({ minimum: 0, maximum: 604_800_000 })),
		rate: Type.Optional(Type.Number({ minimum: 0.25, maximum: 3 })),
		url: Type.Optional(Type.String({ maxLength: 4096 })),
	},
	{ additionalProperties: false },
);
export type HostRequest = Static<typeof HostRequestSchema>;

/** `room:request` (server → host). */
export const HostRequestEventSchema = Type.Intersect([
	HostRequestSchema,
	Type.Object({
		room: Type.String(),
		fromName: Type.String(),
		fromId: Type.String(),
		atMs: EpochMsSchema,
	}),
]);
export type HostRequestEvent = Static<typeof HostRequestEventSchema>;
