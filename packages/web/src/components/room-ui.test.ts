import type { HostRequestEvent, QueueItem, RoomInfo } from '@videotogether/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostRequestToast } from '../lib/state/host-requests.svelte.js';
import { i18n } from '../lib/state/i18n.svelte.js';
import { room } from '../lib/state/room.svelte.js';
import HostRequestToasts from './HostRequestToasts.svelte';
import QueuePanel from './QueuePanel.svelte';
import RoomNotice from './RoomNotice.svelte';
import SidePanel from './SidePanel.svelte';

beforeEach(() => {
	i18n.locale = 'zh-CN';
});
afterEach(() => {
	vi.restoreAllMocks();
	room.disconnect();
});

const info: RoomInfo = {
	id: 'r1',
	name: 'Movie night',
	controlMode: 'everyone',
	hostId: 'guest:h',
	hostName: 'Hana',
	createdBy: 'guest:h',
	createdAt: 0,
	lastActiveAt: 0,
};

function item(id: string, title?: string): QueueItem {
	const url = `https://media.example/${id}.mp4`;
	return {
		id,
		media: { id: url, kind: 'direct', url, format: 'mp4', ...(title ? { title } : {}) },
		addedBy: '小红',
		addedById: 'guest:red',
		addedAt: 0,
	};
}

describe('QueuePanel', () => {
	it('lists the queue with titles (or file names, the link on hover) and who added them', () => {
		room.applyInfo({ room: info, queue: [item('a', 'Episode 1'), item('b')] });
		render(QueuePanel);
		const rows = screen.getAllByTestId('queue-item');
		expect(rows).toHaveLength(2);
		expect(rows[0]).toHaveTextContent('Episode 1');
		expect(rows[0]).toHaveTextContent('小红添加');
		expect(within(rows[1] as HTMLElement).getByTestId('queue-item-title')).toHaveTextContent(
			/^b\.mp4$/,
		);
		expect(within(rows[1] as HTMLElement).getByTestId('queue-item-title')).toHaveAttribute(
			'title',
			'https://media.example/b.mp4',
		);
		expect(within(rows[0] as HTMLElement).getByTestId('queue-up')).toBeDisabled();
		expect(within(rows[1] as HTMLElement).getByTestId('queue-down')).toBeDisabled();
	});

	it('sends play, move, remove, next and add commands', async () => {
		room.applyInfo({ room: info, queue: [item('a'), item('b')] });
		const command = vi.spyOn(room, 'queueCommand').mockResolvedValue({ ok: true });
		render(QueuePanel);
		const [first, second] = screen.getAllByTestId('queue-item') as [HTMLElement, HTMLElement];
		await fireEvent.click(within(second).getByTestId('queue-play'));
		await fireEvent.click(within(second).getByTestId('queue-up'));
		await fireEvent.click(within(first).getByTestId('queue-down'));
		await fireEvent.click(within(first).getByTestId('queue-remove'));
		await fireEvent.click(screen.getByTestId('queue-next'));
		await fireEvent.input(screen.getByTestId('queue-input'), {
			target: { value: ' https://media.example/c.mp4 ' },
		});
		await fireEvent.click(screen.getByTestId('queue-add'));
		await waitFor(() => expect(command).toHaveBeenCalledTimes(6));
		expect(command.mock.calls.map(([c]) => c)).toEqual([
			{ type: 'play', itemId: 'b' },
			{ type: 'move', itemId: 'b', toIndex: 0 },
			{ type: 'move', itemId: 'a', toIndex: 1 },
			{ type: 'remove', itemId: 'a' },
			{ type: 'next' },
			{ type: 'add', url: 'https://media.example/c.mp4' },
		]);
		await waitFor(() => expect(screen.getByTestId('queue-input')).toHaveValue(''));
	});

	it('shows errors inline and keeps the link', async () => {
		room.applyInfo({ room: info, queue: [item('a')] });
		const command = vi
			.spyOn(room, 'queueCommand')
			.mockResolvedValueOnce({ ok: false, error: 'invalid_link', message: 'bad' })
			.mockResolvedValueOnce({ ok: false, error: 'not_allowed', message: 'host only' });
		render(QueuePanel);
		await fireEvent.input(screen.getByTestId('queue-input'), { target: { value: 'nonsense' } });
		await fireEvent.click(screen.getByTestId('queue-add'));
		await waitFor(() => expect(screen.getByTestId('queue-error')).toHaveTextContent('链接'));
		expect(screen.getByTestId('queue-input')).toHaveValue('nonsense');
		await fireEvent.click(screen.getByTestId('queue-remove'));
		await waitFor(() =>
			expect(screen.getByTestId('queue-error')).toHaveTextContent('只有房主（或添加它的人）'),
		);
		expect(command).toHaveBeenCalledTimes(2);
	});

	it('says when the queue is empty, and cannot skip', () => {
		room.applyInfo({ room: info, queue: [] });
		render(QueuePanel);
		expect(screen.getByTestId('queue-empty')).toBeInTheDocument();
		expect(screen.getByTestId('queue-next')).toBeDisabled();
	});
});

function toast(key: string, request: Partial<HostRequestEvent> = {}): HostRequestToast {
	return {
		key,
		request: {
			action: 'play',
			room: 'r1',
			fromName: '小明',
			fromId: 'guest:ming',
			atMs: 0,
			...request,
		},
	};
}

describe('HostRequestToasts', () => {
	it('says who asks for what', () => {
		render(HostRequestToasts, {
			items: [
				toast('a'),
				toast('b', { action: 'seek', positionMs: 125_000 }),
				toast('c', { action: 'load', url: 'https://x.example/v.mp4' }),
			],
			onDo: vi.fn(),
			onDismiss: vi.fn(),
		});
		const toasts = screen.getAllByTestId('host-request');
		expect(toasts[0]).toHaveTextContent('小明请求播放');
		expect(toasts[1]).toHaveTextContent('小明请求跳转到 02:05');
		expect(toasts[2]).toHaveTextContent('https://x.example/v.mp4');
	});

	it('does it and goes away, or stays with the reason when that fails', async () => {
		const onDismiss = vi.fn();
		const onDo = vi
			.fn()
			.mockResolvedValueOnce({ ok: true })
			.mockResolvedValueOnce({ ok: false, error: 'no_media' });
		render(HostRequestToasts, { items: [toast('a'), toast('b')], onDo, onDismiss });
		const [first, second] = screen.getAllByTestId('host-request') as [HTMLElement, HTMLElement];
		await fireEvent.click(within(first).getByTestId('host-request-do'));
		await waitFor(() => expect(onDismiss).toHaveBeenCalledWith('a'));
		await fireEvent.click(within(second).getByTestId('host-request-do'));
		await waitFor(() => expect(second).toHaveTextContent('还没有加载视频'));
		expect(onDismiss).toHaveBeenCalledTimes(1);
		await fireEvent.click(within(second).getByTestId('host-request-dismiss'));
		expect(onDismiss).toHaveBeenLastCalledWith('b');
	});
});

describe('RoomNotice', () => {
	it('offers to ask the host after a host-only refusal', async () => {
		const onAsk = vi.fn();
		render(RoomNotice, {
			notice: { kind: 'host-only', request: { action: 'pause' } },
			onAsk,
			onDismiss: vi.fn(),
		});
		expect(screen.getByTestId('room-notice')).toHaveTextContent('只有房主可以控制播放');
		await fireEvent.click(screen.getByTestId('ask-host'));
		expect(onAsk).toHaveBeenCalledWith({ action: 'pause' });
	});
});

describe('SidePanel', () => {
	const body = (text: string) => createRawSnippet(() => ({ render: () => `<p>${text}</p>` }));

	it('shows one tab at a time, with counts, and marks new chat while it is out of sight', async () => {
		const props = {
			chat: body('chat body'),
			viewers: body('viewers body'),
			queue: body('queue body'),
			viewerCount: 3,
			queueLength: 0,
			chatActivity: 0,
		};
		const { rerender } = render(SidePanel, props);
		expect(screen.getByTestId('panel-tab-chat')).toHaveAttribute('aria-selected', 'true');
		expect(screen.getByText('chat body')).toBeVisible();
		expect(screen.getByText('queue body')).not.toBeVisible();
		expect(screen.getByTestId('panel-tab-viewers')).toHaveTextContent('观众 3');
		await rerender({ ...props, chatActivity: 1 });
		expect(screen.queryByTestId('panel-chat-new')).toBeNull();
		await fireEvent.click(screen.getByTestId('panel-tab-queue'));
		expect(screen.getByText('queue body')).toBeVisible();
		expect(screen.getByText('chat body')).not.toBeVisible();
		await rerender({ ...props, chatActivity: 3 });
		expect(screen.getByTestId('panel-chat-new')).toBeInTheDocument();
		await fireEvent.click(screen.getByTestId('panel-tab-chat'));
		expect(screen.queryByTestId('panel-chat-new')).toBeNull();
		await fireEvent.click(screen.getByTestId('panel-collapse'));
		expect(screen.getByText('chat body')).not.toBeVisible();
		expect(screen.getByTestId('panel-collapse')).toHaveAttribute('aria-expanded', 'false');
	});
});
