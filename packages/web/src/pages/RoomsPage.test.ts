import type { RoomSummary } from '@videotogether/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router/router.svelte.js';
import { i18n } from '../lib/state/i18n.svelte.js';
import { rooms } from '../lib/state/rooms.svelte.js';
import { mockFetch } from '../test/fetch-mock.js';
import RoomsPage from './RoomsPage.svelte';

const user = { id: 'guest:me', name: '我', kind: 'shared' } as const;

function summary(over: Partial<RoomSummary>): RoomSummary {
	return {
		id: 'default',
		name: '',
		controlMode: 'everyone',
		hostName: null,
		phase: 'idle',
		nowPlaying: null,
		viewers: [],
		queueLength: 0,
		lastActiveAt: 0,
		...over,
	};
}

const LIST = [
	summary({}),
	summary({
		id: 'k3v9x2ab',
		name: '周五电影夜',
		controlMode: 'host',
		hostName: '小明',
		phase: 'playing',
		nowPlaying: { id: 'x', kind: 'direct', url: 'https://m.example/a.mp4', title: '海边' },
		viewers: ['小明', '小红'],
		queueLength: 3,
	}),
];

beforeEach(() => {
	i18n.locale = 'zh-CN';
	rooms.notice = null;
	router.navigate('/rooms', { replace: true });
});
afterEach(() => {
	vi.unstubAllGlobals();
});

describe('RoomsPage', () => {
	it('lists the rooms: lobby first, who is in each, what plays, rules and queue', async () => {
		mockFetch({ 'GET /api/rooms': () => ({ body: { ok: true, rooms: LIST } }) });
		render(RoomsPage, { user });
		const items = await screen.findAllByTestId('room-item');
		expect(screen.getByTestId('rooms-page')).toBeInTheDocument();
		const [lobby, movie] = items as [HTMLElement, HTMLElement];
		expect(within(lobby).getByTestId('room-item-name')).toHaveTextContent('大厅');
		expect(within(lobby).getByTestId('room-item-viewers')).toHaveTextContent('现在没人');
		expect(within(lobby).getByTestId('room-link')).toHaveAttribute('href', '/');
		expect(within(movie).getByTestId('room-item-name')).toHaveTextContent('周五电影夜');
		expect(within(movie).getByTestId('room-item-mode')).toHaveAttribute('data-mode', 'host');
		expect(within(movie).getByTestId('room-item-playing')).toHaveTextContent('海边');
		expect(within(movie).getByTestId('room-item-viewers')).toHaveTextContent(
			'2 人在看：小明、小红',
		);
		expect(movie).toHaveTextContent('队列 3 个');
		expect(movie).toHaveTextContent('房主：小明');
		expect(within(movie).getByTestId('room-link')).toHaveAttribute('href', '/r/k3v9x2ab');
	});

	it('creates a room and goes there', async () => {
		const fetch = mockFetch({
			'GET /api/rooms': () => ({ body: { ok: true, rooms: LIST } }),
			'POST /api/rooms': () => ({
				body: { ok: true, room: summary({ id: 'newroom1', name: '新房间' }) },
			}),
		});
		render(RoomsPage, { user });
		await screen.findAllByTestId('room-item');
		await fireEvent.click(screen.getByTestId('room-create-submit'));
		expect(screen.getByTestId('room-create-error')).toHaveTextContent('请给房间起个名字');
		await fireEvent.input(screen.getByTestId('room-create-name'), { target: { value: '新房间' } });
		await fireEvent.change(screen.getByTestId('room-create-mode'), { target: { value: 'host' } });
		await fireEvent.click(screen.getByTestId('room-create-submit'));
		await waitFor(() => expect(router.pathname).toBe('/r/newroom1'));
		const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST');
		expect(JSON.parse(String(post?.[1]?.body))).toEqual({ name: '新房间', controlMode: 'host' });
	});

	it('says when each room was last active, in the UI language', async () => {
		const now = Date.now();
		const list = [
			summary({ lastActiveAt: now }),
			summary({ id: 'k3v9x2ab', name: '周五电影夜', lastActiveAt: now - 5 * 60_000 - 1_000 }),
		];
		mockFetch({ 'GET /api/rooms': () => ({ body: { ok: true, rooms: list } }) });
		render(RoomsPage, { user });
		await screen.findByText('5分钟前活跃');
		const [lobby, movie] = screen.getAllByTestId('room-item-active') as [HTMLElement, HTMLElement];
		expect(lobby).toHaveTextContent('刚刚活跃');
		expect(movie).toHaveTextContent('5分钟前活跃');
		expect(movie).toHaveAttribute('datetime', new Date(list[1]?.lastActiveAt ?? 0).toISOString());
		expect(movie.getAttribute('title')).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
		i18n.locale = 'en';
		await waitFor(() => expect(movie).toHaveTextContent('active 5 minutes ago'));
		expect(lobby).toHaveTextContent('active now');
	});

	it('says why the user landed here when their room was deleted', async () => {
		mockFetch({ 'GET /api/rooms': () => ({ body: { ok: true, rooms: LIST } }) });
		rooms.notice = 'closed';
		render(RoomsPage, { user });
		expect(screen.getByTestId('rooms-notice')).toHaveTextContent('你所在的房间已被删除');
	});
});
