import { Type, type Static } from 'typebox';
import type { ErrorCode } from '../schemas/errors.js';
import type { ControlPayload, HeartbeatPayload, LegacyState } from './legacy.js';

/** Bumped on breaking protocol changes; sent by clients in the handshake `auth.protocol`. */
export const PROTOCOL_VERSION = 1;

/** Socket.IO path (the original's). */
export const SOCKET_PATH = '/socket.io';

/** Largest inbound socket message we accept, in bytes. */
export const SOCKET_MAX_PAYLOAD_BYTES = 64 * 1024;

/** Every acknowledgement: success with data, or a coded error. */
export type AckOk<T extends object = object> = { ok: true } & T;
export interface AckError {
	ok: false;
	error: ErrorCode;
	message: string;
	retry_after_s?: number;
}
export type Ack<T extends object = object> = AckOk<T> | AckError;
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;

/** Sent when a client emitted something invalid without an ack callback to answer on. */
export const AppErrorEventSchema = Type.Object({
	event: Type.String(),
	error: Type.String(),
	message: Type.String(),
});
export type AppErrorEvent = Static<typeof AppErrorEventSchema>;

/** Server → client events. */
export interface ServerToClientEvents {
	state: (state: LegacyState) => void;
	'app:error': (error: AppErrorEvent) => void;
}

/** Client → server events. Every one takes an optional ack callback. */
export interface ClientToServerEvents {
	control: (payload: ControlPayload, ack?: AckCallback) => void;
	heartbeat: (payload: HeartbeatPayload, ack?: AckCallback<{ corrected: boolean }>) => void;
}
