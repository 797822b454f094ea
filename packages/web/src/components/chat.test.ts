import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatEntry } from '../lib/state/chat.svelte.js';
import { i18n } from '../lib/state/i18n.svelte.js';
import ChatInput from './ChatInput.svelte';
import ChatMessageItem from './ChatMessageItem.svelte';

beforeEach(() => {
	i18n.locale = 'zh-CN';
});
afterEach(() => {
	vi.useRealTimers();
});

function input() {
	return screen.getByTestId<HTMLTextAreaElement>('chat-input');
}

describe('ChatInput', () => {
	it('sends on Enter and clears the input; Shift+Enter is a new line', async () => {
		const onSend = vi.fn(() => ({ ok: true }) as const);
		render(ChatInput, { limit: 500, onSend });
		await fireEvent.input(input(), { target: { value: '第一行' } });
		await fireEvent.keyDown(input(), { key: 'Enter', shiftKey: true });
		expect(onSend).not.toHaveBeenCalled();
		await fireEvent.keyDown(input(), { key: 'Enter' });
		expect(onSend).toHaveBeenCalledWith('第一行');
		expect(input().value).toBe('');
	});

	it('leaves Enter to an IME composing Chinese', async () => {
		const onSend = vi.fn(() => ({ ok: true }) as const);
		render(ChatInput, { limit: 500, onSend });
		await fireEvent.input(input(), { target: { value: 'nihao' } });
		await fireEvent.keyDown(input(), { key: 'Enter', isComposing: true });
		await fireEvent.keyDown(input(), { key: 'Enter', keyCode: 229 });
		expect(onSend).not.toHaveBeenCalled();
	});

	it('shows a counter near the limit and refuses longer text before sending, keeping it', async () => {
		const onSend = vi.fn(() => ({ ok: true }) as const);
		render(ChatInput, { limit: 500, onSend });
		await fireEvent.input(input(), { target: { value: 'x'.repeat(399) } });
		expect(screen.queryByTestId('chat-counter')).toBeNull();
		await fireEvent.input(input(), { target: { value: 'x'.repeat(450) } });
		expect(screen.getByTestId('chat-counter')).toHaveTextContent('450/500');
		await fireEvent.input(input(), { target: { value: 'x'.repeat(501) } });
		expect(screen.getByTestId('chat-hint')).toHaveTextContent('太长了：最多 500 个字');
		expect(screen.getByTestId('chat-send')).toBeDisabled();
		await fireEvent.keyDown(input(), { key: 'Enter' });
		expect(onSend).not.toHaveBeenCalled();
		expect(input().value).toHaveLength(501);
	});

	it('keeps the text when the message is refused', async () => {
		const onSend = vi.fn(() => ({ ok: false, error: 'rate_limited', retryAfterS: 2 }) as const);
		render(ChatInput, { limit: 500, onSend });
		await fireEvent.input(input(), { target: { value: '别丢' } });
		await fireEvent.click(screen.getByTestId('chat-send'));
		expect(onSend).toHaveBeenCalledOnce();
		expect(input().value).toBe('别丢');
	});

	it('says how to send, and when it cannot (in the chosen language)', async () => {
		const { unmount } = render(ChatInput, { limit: 500, onSend: vi.fn() });
		expect(screen.getByTestId('chat-hint')).toHaveTextContent('Enter 发送 · Shift+Enter 换行');
		unmount();
		i18n.locale = 'en';
		const onSend = vi.fn(() => ({ ok: true }) as const);
		render(ChatInput, { limit: 500, onSend, offline: true });
		await fireEvent.input(input(), { target: { value: 'hello' } });
		expect(screen.getByTestId('chat-hint')).toHaveTextContent('Not connected: sending is paused');
		expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
		await fireEvent.keyDown(input(), { key: 'Enter' });
		expect(onSend).not.toHaveBeenCalled();
		expect(input().value).toBe('hello');
	});

	it('counts down while the server asks to wait, then allows sending again', async () => {
		vi.useFakeTimers();
		const onSend = vi.fn(() => ({ ok: true }) as const);
		render(ChatInput, { limit: 500, onSend, blockedUntilMs: Date.now() + 3000 });
		await fireEvent.input(input(), { target: { value: 'later' } });
		expect(screen.getByTestId('chat-send')).toBeDisabled();
		expect(screen.getByTestId('chat-wait')).toHaveTextContent('3 秒');
		expect(screen.getByTestId('chat-hint')).toHaveTextContent('请等 3 秒');
		await vi.advanceTimersByTimeAsync(1000);
		expect(screen.getByTestId('chat-wait')).toHaveTextContent('2 秒');
		await vi.advanceTimersByTimeAsync(2100);
		expect(screen.queryByTestId('chat-wait')).toBeNull();
		expect(screen.getByTestId('chat-send')).toBeEnabled();
		await fireEvent.keyDown(input(), { key: 'Enter' });
		expect(onSend).toHaveBeenCalledWith('later');
	});
});

function entry(over: Partial<ChatEntry> = {}): ChatEntry {
	return {
		key: 'c:1',
		id: null,
		clientId: '1',
		userId: null,
		name: '',
		text: '<img src=x onerror=alert(1)> https://evil.example',
		sentAt: Date.now(),
		mediaMs: 754_000,
		mediaId: 'm1',
		local: true,
		state: 'failed',
		failure: { error: 'timeout' },
		...over,
	};
}

describe('ChatMessageItem', () => {
	const handlers = () => ({ onSeek: vi.fn(), onRetry: vi.fn(), onEdit: vi.fn() });

	it('keeps a failed message’s text, with retry and edit', async () => {
		const h = handlers();
		render(ChatMessageItem, { entry: entry(), own: true, canSeek: false, ...h });
		const item = screen.getByTestId('chat-message');
		expect(item).toHaveAttribute('data-state', 'failed');
		// Text, never HTML: no element was made from it, and the link is not a link.
		expect(screen.getByTestId('chat-text').textContent).toBe(
			'<img src=x onerror=alert(1)> https://evil.example',
		);
		expect(item.querySelector('img, a')).toBeNull();
		expect(item).toHaveTextContent('发送失败');
		await fireEvent.click(screen.getByTestId('chat-retry'));
		expect(h.onRetry).toHaveBeenCalledWith('c:1');
		await fireEvent.click(screen.getByTestId('chat-edit'));
		expect(h.onEdit).toHaveBeenCalledWith('c:1');
	});

	it('shows the sender, the media time, and jumps there when allowed', async () => {
		const h = handlers();
		render(ChatMessageItem, {
			entry: entry({ local: false, name: '小红', state: 'sent', failure: null, text: 'hi' }),
			own: false,
			canSeek: true,
			...h,
		});
		expect(screen.getByTestId('chat-name')).toHaveTextContent('小红');
		expect(screen.getByTestId('chat-media-time')).toHaveTextContent('@ 12:34');
		await fireEvent.click(screen.getByTestId('chat-media-time'));
		expect(h.onSeek).toHaveBeenCalledWith(754_000);
		expect(screen.queryByTestId('chat-retry')).toBeNull();
	});

	it('shows "sending" until the server has it, then nothing', async () => {
		const props = { own: true, canSeek: false, ...handlers() };
		const { rerender } = render(ChatMessageItem, {
			entry: entry({ state: 'sending', failure: null, text: 'hi' }),
			...props,
		});
		expect(screen.getByTestId('chat-message')).toHaveTextContent('发送中…');
		await rerender({ entry: entry({ state: 'sent', failure: null, text: 'hi' }), ...props });
		expect(screen.getByTestId('chat-message')).toHaveAttribute('data-state', 'sent');
		expect(screen.getByTestId('chat-message')).not.toHaveTextContent('发送中');
		expect(screen.queryByTestId('chat-retry')).toBeNull();
	});

	it('writes the time the way the chosen language does', async () => {
		const sentAt = new Date(2026, 0, 5, 21, 7).getTime();
		render(ChatMessageItem, {
			entry: entry({ sentAt, state: 'sent', failure: null }),
			own: false,
			canSeek: false,
			...handlers(),
		});
		const time = screen.getByTestId('chat-message').querySelector('time') as HTMLElement;
		expect(time).toHaveAttribute('datetime', new Date(sentAt).toISOString());
		// Not today: with the date.
		expect(time.textContent).toBe(
			new Intl.DateTimeFormat('zh-CN', {
				month: 'numeric',
				day: 'numeric',
				hour: '2-digit',
				minute: '2-digit',
			}).format(sentAt),
		);
		expect(time.textContent).toMatch(/1月5日|1\/5/);
		i18n.locale = 'en';
		await waitFor(() => expect(time.textContent).toMatch(/^1\/5, 09:07\s?PM$/));
	});

	it('disables retry while rate limited', () => {
		render(ChatMessageItem, {
			entry: entry({ failure: { error: 'rate_limited', retryAfterS: 4 } }),
			own: true,
			canSeek: false,
			retryBlocked: true,
			...handlers(),
		});
		expect(screen.getByTestId('chat-retry')).toBeDisabled();
		expect(screen.getByTestId('chat-message')).toHaveTextContent('请等 4 秒');
	});
});
