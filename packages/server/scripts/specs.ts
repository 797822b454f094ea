/**
 * The machine-readable contracts in `specs/`: the HTTP API as OpenAPI (generated from the route
 * schemas) and the Socket.IO events as JSON Schemas (from the shared TypeBox definitions).
 */
import {
	AppErrorEventSchema,
	ClockPingSchema,
	ClockPongSchema,
	ControlPayloadSchema,
	DriftReportSchema,
	MemberSettingsSchema,
	PlaybackCommandSchema,
	PlayerStatusReportSchema,
	RoomMembersSchema,
	RoomPlaybackSchema,
	RoomDetailsSchema,
	HostRequestSchema,
	HostRequestEventSchema,
	QueueCommandSchema,
	RoomUpdateSchema,
	ChatSendSchema,
	ChatMessageSchema,
	ChatHistorySchema,
	HeartbeatPayloadSchema,
	LegacyStateSchema,
	PROTOCOL_VERSION,
	SOCKET_MAX_PAYLOAD_BYTES,
	SOCKET_PATH,
} from '@videotogether/shared';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

export async function generateOpenApi(): Promise<string> {
	const app = await buildApp(loadConfig({ APP_SHARED_PASSWORD: 'x', APP_USERS: 'a:b' }), {
		logger: false,
	});
	await app.ready();
	const document = app.swagger();
	await app.close();
	return `${JSON.stringify(document, null, 2)}\n`;
}

export function generateSocketEvents(): string {
	const document = {
		title: 'VideoTogether Socket.IO events',
		protocolVersion: PROTOCOL_VERSION,
		path: SOCKET_PATH,
		maxPayloadBytes: SOCKET_MAX_PAYLOAD_BYTES,
		auth: 'Session cookie (vt.sid) from POST /login; handshakes without a valid session fail with connect_error "unauthorized".',
		ack: 'Every client → server event accepts an ack callback answered with {ok:true, …} or {ok:false, error, message}.',
		serverToClient: {
			state: LegacyStateSchema,
			'playback:state': RoomPlaybackSchema,
			'room:members': RoomMembersSchema,
			'room:info': RoomDetailsSchema,
			'room:closed': { type: 'object', properties: { room: { type: 'string' } } },
			'room:request': HostRequestEventSchema,
			'chat:history': ChatHistorySchema,
			'chat:message': ChatMessageSchema,
			'app:error': AppErrorEventSchema,
		},
		clientToServer: {
			control: ControlPayloadSchema,
			heartbeat: HeartbeatPayloadSchema,
			'clock:ping': { payload: ClockPingSchema, ack: ClockPongSchema },
			'playback:command': {
				payload: PlaybackCommandSchema,
				ack: '{ok:true, state: playback:state} | {ok:false, error, message, state?} — stale_seq carries the current state',
			},
			'player:status': PlayerStatusReportSchema,
			'player:drift': DriftReportSchema,
			'member:settings': MemberSettingsSchema,
			'chat:send': {
				payload: ChatSendSchema,
				ack: '{ok:true, message} | {ok:false, error: too_long (limit) | rate_limited (retry_after_s) | invalid_payload, message}',
			},
			'queue:command': QueueCommandSchema,
			'room:update': RoomUpdateSchema,
			'room:request': HostRequestSchema,
		},
		rooms:
			'Choose the room in the handshake: io({ auth: { room: "<id>" } }); default room otherwise. Unknown rooms fail with connect_error "room_not_found".',
	};
	return `${JSON.stringify(document, null, 2)}\n`;
}
