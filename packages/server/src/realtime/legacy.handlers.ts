/** The original events, kept word for word: `control` and `heartbeat` (the server sends `state`). */
import {
	ControlPayloadSchema,
	HeartbeatPayloadSchema,
	judgeHeartbeat,
	toLegacyState,
} from '@videotogether/shared';
import { defineHandler } from './define-handler.js';
import type { HandlerContext } from './handler-context.js';

export function registerLegacyHandlers({
	socket,
	log,
	rooms,
	clock,
	roomId,
	user,
	metrics,
}: HandlerContext): void {
	socket.on(
		'control',
		defineHandler('control', ControlPayloadSchema, socket, log, async (payload) => {
			// Original clients carry no seq: their command always applies (last writer wins).
			const stopTimer = metrics.commandLatency.startTimer({ type: payload.type });
			const result = await rooms.apply(
				roomId,
				{ type: payload.type, positionMs: payload.position_ms },
				{ id: user.id, name: user.name },
			);
			stopTimer();
			const now = clock.nowMs();
			log.info(
				{
					roomId,
					type: payload.type,
					positionMs: payload.position_ms,
					seq: result.state.playback.seq,
					ok: result.ok,
					scheduledInMs: Math.max(0, result.state.playback.anchorMs - now),
				},
				'control',
			);
			if (!result.ok) return { ok: false as const, error: result.error, message: result.message };
			return { seq: result.state.playback.seq };
		}),
	);

	socket.on(
		'heartbeat',
		defineHandler('heartbeat', HeartbeatPayloadSchema, socket, log, (payload) => {
			const now = clock.nowMs();
			const { playback } = rooms.state(roomId);
			const verdict = judgeHeartbeat(playback, payload, now);
			if (verdict.correct) {
				socket.emit('state', toLegacyState(roomId, playback, now));
				log.debug({ driftMs: verdict.driftMs }, 'heartbeat corrected');
			}
			return { corrected: verdict.correct };
		}),
	);
}
