import { describe, expect, it } from 'vitest';
import { initialRoomState, type ChatMessage } from '@videotogether/shared';
import { ManualClock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { ChatService, cleanChatText, DEFAULT_CHAT_LIMITS } from './chat.service.js';
import { MemoryChatStore } from '../../store/memory.store.js';

const user = { id: 'u1', name: 'Ann', kind: 'shared' as const };

function service(clock = new ManualClock()) {
	const published: ChatMessage[] = [];
	const chat = new ChatService({
		clock,
		store: new MemoryChatStore(),
		publisher: { publishChat: (_room, m) => published.push(m) },
		limits: DEFAULT_CHAT_LIMITS,
	});
	return { chat, clock, published };
}

const idle = initialRoomState(0).playback;

async function errorOf(promise: () => Promise<unknown>): Promise<AppError> {
	try {
		await promise();
	} catch (error) {
		if (error instanceof AppError) return error;
		throw error;
	}
	throw new Error('expected an AppError');
}

describe('ChatService', () => {
	it('stores and publishes a cleaned message with the media time it was sent at', async () => {
		const { chat, clock, published } = service();
		const playing = {
			...idle,
			media: { id: 'm', kind: 'direct' as const, url: 'x' },
			paused: false,
			positionMs: 5_000,
			anchorMs: clock.nowMs() - 2_000,
		};
		const message = await chat.send('default', user, '  你好\u0000 world  ', playing, 'c-1');
		expect(message).toMatchObject({
			room: 'default',
			name: 'Ann',
			text: '你好 world',
			mediaMs: 7_000,
			mediaId: 'm',
			clientId: 'c-1',
		});
		expect(published).toEqual([message]);
		expect((await chat.history('default', 50)).messages).toEqual([message]);
	});

	it('rejects empty and over-long messages with the limit, counting characters not bytes', async () => {
		const { chat } = service();
		expect((await errorOf(() => chat.send('r', user, ' \n ', idle))).code).toBe('invalid_payload');
		const long = await errorOf(() => chat.send('r', user, '好'.repeat(501), idle));
		expect(long).toMatchObject({ code: 'too_long', extra: { limit: 500, length: 501 } });
		await expect(chat.send('r', user, '好'.repeat(500), idle)).resolves.toMatchObject({
			text: '好'.repeat(500),
		});
	});

	it('allows 1 message per second and 10 per minute per user, with retry_after_s', async () => {
		const { chat, clock } = service();
		await chat.send('r', user, 'one', idle);
		const tooFast = await errorOf(() => chat.send('r', user, 'two', idle));
		expect(tooFast).toMatchObject({ code: 'rate_limited', extra: { retry_after_s: 1 } });
		// Another user is not affected.
		await expect(chat.send('r', { ...user, id: 'u2' }, 'hi', idle)).resolves.toBeDefined();
		for (let i = 0; i < 9; i++) {
			clock.advance(1_001);
			await chat.send('r', user, `m${i}`, idle);
		}
		clock.advance(1_001);
		const minute = await errorOf(() => chat.send('r', user, 'eleventh', idle));
		expect(minute.code).toBe('rate_limited');
		expect(minute.extra.retry_after_s).toBeGreaterThan(45);
		clock.advance(60_000);
		await expect(chat.send('r', user, 'later', idle)).resolves.toBeDefined();
	});

	it('pages history backwards with before/hasMore', async () => {
		const { chat, clock } = service();
		const sent: ChatMessage[] = [];
		for (let i = 0; i < 7; i++) {
			clock.advance(61_000);
			sent.push(await chat.send('r', user, `m${i}`, idle));
		}
		const newest = await chat.history('r', 3);
		expect(newest.messages.map((m) => m.text)).toEqual(['m4', 'm5', 'm6']);
		expect(newest.hasMore).toBe(true);
		const older = await chat.history('r', 3, newest.messages[0]?.id);
		expect(older.messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3']);
		const oldest = await chat.history('r', 3, older.messages[0]?.id);
		expect(oldest).toEqual({ messages: [sent[0]], hasMore: false });
	});

	it('cleanChatText keeps newlines and drops invisible controls', () => {
		expect(cleanChatText('a\nb\u200b\u202ec\t')).toBe('a\nbc');
	});
});
