/**
 * The sync protocol: clock pings, seq-checked playback commands, player status and drift reports,
 * and per-member settings. Every payload is validated by `defineHandler`.
 */
import {
	ClockPingSchema,
	DEFAULT_DRIFT_THRESHOLDS,
	DriftReportSchema,
	MemberSettingsSchema,
	PlaybackCommandSchema,
	PlayerStatusReportSchema,
	toRoomPlayback,
	type PlaybackCommand,
	type RoomCommand,
} from '@videotogether/shared';
import { mediaLogFields } from '../modules/media/media-log.js';
import type { MediaServices } from '../modules/media/media-services.js';
import { defineHandler } from './define-handler.js';
import type { HandlerContext } from './handler-context.js';

/**
 * Drift reports arrive about once a second per viewer: each is logged at debug. A hard seek, or
 * drift past the seek threshold, is worth an info line — at most one per viewer per this long
 * (the line counts the ones it stood for), so a viewer stuck far off cannot flood the log.
 */
export const DRIFT_INFO_EVERY_MS = 10_000;

export const SYNC_EVENTS = [
	'clock:ping',
	'playback:command',
	'player:status',
	'player:drift',
	'member:settings',
];

async function toRoomCommand(payload: PlaybackCommand, media: MediaServices): Promise<RoomCommand> {
	switch (payload.type) {
		case 'load': {
			const loaded = await media.fromInput(payload.url);
			return { type: 'load', media: loaded.media, startMs: loaded.startMs, seq: payload.seq };
		}
		case 'seek':
			return { type: 'seek', positionMs: payload.positionMs, seq: payload.seq };
		case 'rate':
			return { type: 'rate', rate: payload.rate, seq: payload.seq };
		default:
			return { type: payload.type, seq: payload.seq };
	}
}

export function registerSyncHandlers({
	socket,
	log,
	rooms,
	clock,
	roomId,
	user,
	metrics,
	media,
}: HandlerContext): void {
	socket.on(
		'clock:ping',
		defineHandler('clock:ping', ClockPingSchema, socket, log, ({ t0 }) => {
			const t1 = clock.nowMs();
			return { t0, t1, t2: clock.nowMs() };
		}),
	);

	socket.on(
		'playback:command',
		defineHandler('playback:command', PlaybackCommandSchema, socket, log, async (payload) => {
			const command = await toRoomCommand(payload, media);
			const stopTimer = metrics.commandLatency.startTimer({ type: payload.type });
			const result = await rooms.apply(roomId, command, { id: user.id, name: user.name });
			stopTimer();
			const now = clock.nowMs();
			const state = toRoomPlayback(roomId, result.state, now);
			log.info(
				{
					type: payload.type,
					seq: payload.seq,
					newSeq: result.state.playback.seq,
					ok: result.ok,
					scheduledInMs: Math.max(0, result.state.playback.anchorMs - now),
				},
				'playback command',
			);
			// (The socket's logger already names the room and the user.)
			if (command.type === 'load' && result.ok)
				log.info(mediaLogFields(command.media), 'video selected');
			if (!result.ok)
				return { ok: false as const, error: result.error, message: result.message, state };
			return { state };
		}),
	);

	socket.on(
		'player:status',
		defineHandler(
			'player:status',
			PlayerStatusReportSchema,
			socket,
			log,
			async ({ status, mediaId, durationMs }) => {
				if (durationMs !== undefined && typeof mediaId === 'string') {
					await rooms.apply(roomId, { type: 'media-duration', mediaId, durationMs });
				}
				await rooms.apply(roomId, {
					type: 'member-status',
					memberId: socket.id,
					status,
					...(mediaId !== undefined ? { mediaId } : {}),
				});
			},
		),
	);

	let driftInfoAt = -Infinity;
	let notableSinceInfo = 0;
	socket.on(
		'player:drift',
		defineHandler(
			'player:drift',
			DriftReportSchema,
			socket,
			log,
			async ({ driftMs, kind, rttMs, correcting }) => {
				metrics.drift.observe({ kind }, Math.abs(driftMs));
				if (correcting !== undefined && correcting !== 'none')
					metrics.corrections.inc({ kind: correcting });
				const report = { driftMs: Math.round(driftMs), kind, rttMs, correcting };
				const notable =
					correcting === 'seek' || Math.abs(driftMs) > DEFAULT_DRIFT_THRESHOLDS.seekThresholdMs;
				const now = clock.nowMs();
				if (notable) notableSinceInfo++;
				if (notable && now - driftInfoAt >= DRIFT_INFO_EVERY_MS) {
					log.info({ ...report, reports: notableSinceInfo }, 'drift correction');
					driftInfoAt = now;
					notableSinceInfo = 0;
				} else {
					log.debug(report, 'drift report');
				}
				await rooms.apply(roomId, {
					type: 'member-drift',
					memberId: socket.id,
					driftMs: Math.round(driftMs),
					kind,
					...(rttMs !== undefined ? { rttMs: Math.round(rttMs) } : {}),
				});
			},
		),
	);

	socket.on(
		'member:settings',
		defineHandler('member:settings', MemberSettingsSchema, socket, log, async ({ noWait }) => {
			await rooms.apply(roomId, { type: 'member-settings', memberId: socket.id, noWait });
		}),
	);
}
