import { Type, type Static } from 'typebox';
import type { ErrorCode } from '../schemas/errors.js';
import type { ControlPayload, HeartbeatPayload, LegacyState } from './legacy.js';
import type {
	ClockPing,
	ClockPong,
	DriftReport,
	MemberSettings,
	PlaybackCommand,
	PlayerStatusReport,
	RoomMembers,
	RoomPlayback,
} from '../schemas/sync.js';
import type { ChatHistory, ChatMessage, ChatSend } from '../schemas/chat.js';
import type {
	HostRequest,
	HostRequestEvent,
	QueueCommand,
	RoomDetails,
	RoomUpdate,
} from '../schemas/room.js';

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
	/** Original: the default room's state in the original shape. */
	state: (state: LegacyState) => void;
	/** The room's timeline and phase, on join and after every change. */
	'playback:state': (state: RoomPlayback) => void;
	/** Who is watching, with player status and drift (throttled). */
	'room:members': (members: RoomMembers) => void;
	/** The room's rules and queue, on join and after every change. */
	'room:info': (details: RoomDetails) => void;
	/** The room was deleted; the socket is disconnected next. */
	'room:closed': (payload: { room: string }) => void;
	/** To the host in host-only mode: someone asks for something. */
	'room:request': (request: HostRequestEvent) => void;
	/** The latest messages, on join. */
	'chat:history': (history: ChatHistory) => void;
	/** Original: a new chat message in the room. */
	'chat:message': (message: ChatMessage) => void;
	'app:error': (error: AppErrorEvent) => void;
}

/** What a `playback:command` ack carries: the state after the command (or the current one when rejected). */
export interface CommandAckData {
	state: RoomPlayback;
}

/** Client → server events. Every one takes an optional ack callback. */
export interface ClientToServerEvents {
	/** Original: play / pause / seek by position. */
	control: (payload: ControlPayload, ack?: AckCallback<{ seq: number }>) => void;
	/** Original: periodic self-report; > 2 s off gets a corrected `state`. */
	heartbeat: (payload: HeartbeatPayload, ack?: AckCallback<{ corrected: boolean }>) => void;
	/** NTP-style ping: the ack carries the server's receive (t1) and send (t2) times. */
	'clock:ping': (payload: ClockPing, ack: (response: Ack<ClockPong>) => void) => void;
	/** play / pause / seek / rate / load, based on the state with sequence number `seq`. */
	'playback:command': (
		payload: PlaybackCommand,
		ack?: (response: Ack<CommandAckData> | (AckError & Partial<CommandAckData>)) => void,
	) => void;
	'player:status': (payload: PlayerStatusReport, ack?: AckCallback) => void;
	'player:drift': (payload: DriftReport, ack?: AckCallback) => void;
	'member:settings': (payload: MemberSettings, ack?: AckCallback) => void;
	/** Original: send a chat message; the ack carries the stored message. */
	'chat:send': (payload: ChatSend, ack?: AckCallback<{ message: ChatMessage }>) => void;
	'queue:command': (payload: QueueCommand, ack?: AckCallback) => void;
	/** Host only: control mode, handing the host role on, renaming. */
	'room:update': (payload: RoomUpdate, ack?: AckCallback) => void;
	/** Ask the host (host-only mode). */
	'room:request': (payload: HostRequest, ack?: AckCallback) => void;
}
