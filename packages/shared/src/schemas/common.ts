import { Type } from 'typebox';

/** Milliseconds since the Unix epoch (server or client clock, as documented per field). */
export const EpochMsSchema = Type.Number({ minimum: 0, maximum: 8.64e15 });

/** A media position in milliseconds (0 … 7 days: nothing we play is longer). */
export const PositionMsSchema = Type.Number({ minimum: 0, maximum: 604_800_000 });

/** Playback rate (倍速) bounds. */
export const RATE_MIN = 0.25;
export const RATE_MAX = 3;
export const RateSchema = Type.Number({ minimum: RATE_MIN, maximum: RATE_MAX });

/** A user-facing display name: 1–32 characters once trimmed. */
export const DISPLAY_NAME_MAX = 32;
export const DisplayNameSchema = Type.String({ minLength: 1, maxLength: DISPLAY_NAME_MAX });

/** Room ids: lowercase letters, digits and dashes; `default` is the shared room everyone lands in. */
export const DEFAULT_ROOM_ID = 'default';
export const RoomIdSchema = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' });
