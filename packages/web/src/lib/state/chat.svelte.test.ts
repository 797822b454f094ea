import type { ChatHistory, ChatMessage } from '@videotogether/shared';
import { describe, expect, it, vi } from 'vitest';
import type { HttpResult } from '../api/http.js';
import { ChatState, type ChatAck } from './chat.svelte.js';

function message(id: string, overrides: Partial<ChatMessage> = {}): ChatMessage {
	return {
		id,
		room: 'r1',
		userId: 'guest:ann',
		name: 'Ann',
		text: `text ${id}`,
		sentAt: 1_000,
		mediaMs: 12_000,
		mediaId: 'm1',
		...overrides,
	};
}

/** A transport whose acks the test resolves by hand. */
function setup() {
	let now = 100_000;
	const acks: ((ack: ChatAck) => void)[] = [];
	const sent: { message: string; clientId: string }[] = [];
	const history = vi.fn(
		async (_query: { before: string; limit: number }): Promise<HttpResult<ChatHistory>> => ({
			ok: true,
			data: { messages: [], hasMore: false },
		}),
	);
	let ids = 0;
	const chat = new ChatState({
		transport: {
			send: (payload) => {
				sent.push(payload);
				return new Promise((resolve) => acks.push(resolve));
			},
			history,
		},
		now: () => now,
		newClientId: () => `c${(ids += 1)}`,
	});
	const ack = async (answer: ChatAck) => {
		acks.shift()?.(answer);
		await Promise.resolve();
		await Promise.resolve();
	};
	return { chat, sent, ack, history, advance: (ms: number) => (now += ms) };
}

describe('ChatState', () => {
	it('shows our message at once as sending, then sent with the stored one', async () => {
		const t = setup();
		expect(t.chat.send('  你好  ')).toEqual({ ok: true });
		expect(t.sent).toEqual([{ message: '你好', clientId: 'c1' }]);
		expect(t.chat.entries).toMatchObject([{ key: 'c:c1', state: 'sending', text: '你好' }]);
		await t.ack({ ok: true, message: message('m9', { text: '你好', clientId: 'c1' }) });
		expect(t.chat.entries).toMatchObject([
			{ key: 'c:c1', id: 'm9', state: 'sent', mediaMs: 12_000 },
		]);
	});

	it('matches the broadcast of our message by client id (no duplicate), and announces once', async () => {
		const t = setup();
		const live = vi.fn();
		t.chat.onLive(live);
		t.chat.send('hi');
		const stored = message('m1', { text: 'hi', clientId: 'c1' });
		t.chat.receive(stored);
		await t.ack({ ok: true, message: stored });
		t.chat.receive(stored);
		expect(t.chat.entries).toHaveLength(1);
		expect(t.chat.entries[0]).toMatchObject({ key: 'c:c1', state: 'sent', local: true });
		expect(live).toHaveBeenCalledOnce();
		t.chat.receive(message('m2'));
		expect(t.chat.entries.map((e) => e.key)).toEqual(['c:c1', 'm:m2']);
		expect(live).toHaveBeenCalledTimes(2);
	});

	it('refuses before sending: empty, too long (with the limit), while rate limited', async () => {
		const t = setup();
		expect(t.chat.send('   ')).toMatchObject({ ok: false, error: 'empty' });
		expect(t.chat.send('x'.repeat(501))).toEqual({ ok: false, error: 'too_long', limit: 500 });
		expect(t.sent).toEqual([]);
		t.chat.send('one');
		await t.ack({ ok: false, error: 'rate_limited', message: 'slow', retryAfterS: 3 });
		expect(t.chat.blockedMs()).toBe(3000);
		expect(t.chat.send('two')).toEqual({ ok: false, error: 'rate_limited', retryAfterS: 3 });
		t.advance(3000);
		expect(t.chat.send('two')).toEqual({ ok: true });
	});

	it('keeps a failed message with its text; retry sends it again, take back removes it', async () => {
		const t = setup();
		t.chat.send('important');
		await t.ack({ ok: false, error: 'timeout' });
		const [failed] = t.chat.entries;
		expect(failed).toMatchObject({
			state: 'failed',
			text: 'important',
			failure: { error: 'timeout' },
		});
		expect(t.chat.retry(failed?.key ?? '')).toBe(true);
		expect(t.sent.at(-1)).toEqual({ message: 'important', clientId: 'c1' });
		expect(t.chat.entries[0]?.state).toBe('sending');
		await t.ack({ ok: false, error: 'network' });
		expect(t.chat.takeBack(failed?.key ?? '')).toBe('important');
		expect(t.chat.entries).toEqual([]);
	});

	it('learns a lower limit from the server', async () => {
		const t = setup();
		t.chat.send('x'.repeat(300));
		await t.ack({ ok: false, error: 'too_long', message: 'long', limit: 200 });
		expect(t.chat.limit).toBe(200);
		expect(t.chat.entries[0]?.failure).toMatchObject({ error: 'too_long', limit: 200 });
		expect(t.chat.send('x'.repeat(201))).toMatchObject({
			ok: false,
			error: 'too_long',
			limit: 200,
		});
	});

	it('replaces the history on (re)join, keeping our unsent messages and never announcing it', async () => {
		const t = setup();
		const live = vi.fn();
		t.chat.onLive(live);
		t.chat.send('pending');
		t.chat.applyHistory({ messages: [message('a'), message('b')], hasMore: true });
		expect(t.chat.entries.map((e) => e.key)).toEqual(['m:a', 'm:b', 'c:c1']);
		expect(t.chat.hasMore).toBe(true);
		expect(t.chat.loaded).toBe(true);
		expect(live).not.toHaveBeenCalled();
		// After a reconnect the history holds our message: the pending copy goes.
		t.chat.applyHistory({ messages: [message('a'), message('c', { clientId: 'c1' })] });
		expect(t.chat.entries.map((e) => e.key)).toEqual(['m:a', 'm:c']);
		expect(t.chat.hasMore).toBe(false);
	});

	it('loads older pages above the first message', async () => {
		const t = setup();
		t.chat.applyHistory({ messages: [message('c'), message('d')], hasMore: true });
		t.history.mockResolvedValueOnce({
			ok: true,
			data: { messages: [message('a'), message('b'), message('c')], hasMore: false },
		});
		await t.chat.loadOlder();
		expect(t.history).toHaveBeenCalledWith({ before: 'c', limit: 50 });
		expect(t.chat.entries.map((e) => e.key)).toEqual(['m:a', 'm:b', 'm:c', 'm:d']);
		expect(t.chat.hasMore).toBe(false);
		await t.chat.loadOlder();
		expect(t.history).toHaveBeenCalledOnce();
	});

	it('drops answers for a room it left', async () => {
		const t = setup();
		t.chat.applyHistory({ messages: [message('c')], hasMore: true });
		let answer: (r: HttpResult<ChatHistory>) => void = () => {};
		t.history.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
		const loading = t.chat.loadOlder();
		t.chat.reset();
		answer({ ok: true, data: { messages: [message('a')], hasMore: false } });
		await loading;
		expect(t.chat.entries).toEqual([]);
	});
});
