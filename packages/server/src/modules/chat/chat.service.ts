/**
 * Room chat with the original's rules: text only, 1–500 characters after trimming (longer is
 * rejected with the limit), at most 1 message per second and 10 per minute per user (both
 * configurable; rejections carry `retry_after_s`). Each message records the media time it was sent
 * at. Time comes from the injected clock; the limiter is the shared pure sliding window.
 */
import { randomBytes } from 'node:crypto';
import {
	expectedPositionMs,
	SlidingWindowLimiter,
	type ChatMessage,
	type PlaybackState,
	type SessionUser,
} from '@videotogether/shared';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { SerialQueue } from '../../lib/serial-queue.js';
import type { ChatPage, ChatStore } from '../../store/store.js';

export interface ChatLimits {
	maxLength: number;
	perSecond: number;
	perMinute: number;
}

export const DEFAULT_CHAT_LIMITS: ChatLimits = { maxLength: 500, perSecond: 1, perMinute: 10 };

export interface ChatPublisher {
	publishChat(roomId: string, message: ChatMessage): void;
}

export interface ChatServiceDeps {
	clock: Clock;
	store: ChatStore;
	publisher: ChatPublisher;
	limits: ChatLimits;
}

/** Normalise chat text: drop control characters (keep newlines), trim. */
export function cleanChatText(raw: string): string {
	return (
		raw
			// eslint-disable-next-line no-control-regex -- stripping control characters is the point
			.replace(/[\u0000-\u0009\u000b-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, '')
			.trim()
	);
}

export class ChatService {
	readonly #deps: ChatServiceDeps;
	readonly #perSecond: SlidingWindowLimiter;
	readonly #perMinute: SlidingWindowLimiter;
	readonly #queue = new SerialQueue();
	#counter = 0;

	constructor(deps: ChatServiceDeps) {
		this.#deps = deps;
		this.#perSecond = new SlidingWindowLimiter({ limit: deps.limits.perSecond, windowMs: 1_000 });
		this.#perMinute = new SlidingWindowLimiter({ limit: deps.limits.perMinute, windowMs: 60_000 });
	}

	get limits(): ChatLimits {
		return this.#deps.limits;
	}

	/** Accept, store and broadcast one message; throws `AppError` (too_long, invalid_payload, rate_limited). */
	send(
		roomId: string,
		user: SessionUser,
		rawText: string,
		playback: PlaybackState,
		clientId?: string,
	): Promise<ChatMessage> {
		const { clock, store, publisher, limits } = this.#deps;
		const text = cleanChatText(rawText);
		if (text === '') throw new AppError('invalid_payload', 400, 'A message needs some text.');
		const length = [...text].length;
		if (length > limits.maxLength) {
			throw new AppError(
				'too_long',
				400,
				`Messages are limited to ${limits.maxLength} characters.`,
				{
					limit: limits.maxLength,
					length,
				},
			);
		}
		const now = clock.nowMs();
		const second = this.#perSecond.check(user.id, now);
		const minute = this.#perMinute.check(user.id, now);
		if (!second.allowed || !minute.allowed) {
			const retry = Math.max(second.retryAfterS, minute.retryAfterS);
			throw new AppError('rate_limited', 429, `Slow down: you can send again in ${retry} s.`, {
				retry_after_s: retry,
			});
		}
		this.#perSecond.record(user.id, now);
		this.#perMinute.record(user.id, now);
		const message: ChatMessage = {
			id: `${now.toString(36)}-${(this.#counter++).toString(36)}-${randomBytes(3).toString('hex')}`,
			room: roomId,
			userId: user.id,
			name: user.name,
			text,
			sentAt: now,
			mediaMs: playback.media ? Math.round(expectedPositionMs(playback, now)) : null,
			mediaId: playback.media?.id ?? null,
			...(clientId ? { clientId } : {}),
		};
		return this.#queue.run(roomId, async () => {
			await store.append(message);
			publisher.publishChat(roomId, message);
			return message;
		});
	}

	history(roomId: string, limit: number, beforeId?: string): Promise<ChatPage> {
		return this.#deps.store.page(roomId, limit, beforeId);
	}

	deleteRoom(roomId: string): Promise<void> {
		return this.#deps.store.deleteRoom(roomId);
	}
}
