import { Type, type Static } from 'typebox';
import { EpochMsSchema, PositionMsSchema, RateSchema } from './common.js';
import { MediaSchema } from './media.js';

/**
 * A room's authoritative timeline. While playing, the position at server time T is
 * `positionMs + (T − anchorMs) × rate` (see `expectedPositionMs`). `seq` grows by one on every change.
 */
export const PlaybackStateSchema = Type.Object({
	media: Type.Union([MediaSchema, Type.Null()]),
	paused: Type.Boolean(),
	positionMs: PositionMsSchema,
	/** Server time (ms since epoch) at which `positionMs` holds. May lie slightly in the future (scheduled start). */
	anchorMs: EpochMsSchema,
	rate: RateSchema,
	seq: Type.Integer({ minimum: 0 }),
	/** Display name of whoever caused the last change (`null` for the server itself). */
	actor: Type.Union([Type.String(), Type.Null()]),
});
export type PlaybackState = Static<typeof PlaybackStateSchema>;
