import type { Member, RoomPhase } from '@videotogether/shared';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../lib/state/i18n.svelte.js';
import { syncIndicatorView, type SyncIndicatorInput } from '../lib/sync/indicator.js';
import AutoplayOverlay from './AutoplayOverlay.svelte';
import PresenceList from './PresenceList.svelte';
import SyncIndicator from './SyncIndicator.svelte';
import WaitingOverlay from './WaitingOverlay.svelte';

beforeEach(() => {
	i18n.locale = 'zh-CN';
});

const player: SyncIndicatorInput['player'] = {
	attached: true,
	status: 'ready',
	precision: 'frame',
	driftMs: 12,
	correcting: 'none',
	needsGesture: false,
};

function indicator(
	over: Partial<SyncIndicatorInput['player']> = {},
	phase: RoomPhase = 'playing',
	names: string[] = [],
) {
	return syncIndicatorView({
		connected: true,
		phase,
		waitingFor: names,
		player: { ...player, ...over },
	});
}

describe('SyncIndicator', () => {
	it('shows in-sync with the drift', () => {
		render(SyncIndicator, { view: indicator(), onResync: vi.fn() });
		const el = screen.getByTestId('sync-indicator');
		expect(el).toHaveAttribute('data-sync', 'in-sync');
		expect(el).toHaveTextContent('同步中 · 偏差 12 ms');
	});

	it('shows how far behind, with a resync button', async () => {
		const onResync = vi.fn();
		render(SyncIndicator, { view: indicator({ driftMs: -340 }), onResync });
		const el = screen.getByTestId('sync-indicator');
		expect(el).toHaveAttribute('data-sync', 'correcting');
		expect(el).toHaveTextContent('你落后 340 ms');
		await fireEvent.click(screen.getByRole('button', { name: '重新同步' }));
		expect(onResync).toHaveBeenCalledOnce();
	});

	it('names whom the room waits for, and is honest about the embed', () => {
		const { unmount } = render(SyncIndicator, {
			view: indicator({}, 'waiting', ['小明']),
			onResync: vi.fn(),
		});
		expect(screen.getByTestId('sync-indicator')).toHaveAttribute('data-sync', 'waiting');
		expect(screen.getByTestId('sync-indicator')).toHaveTextContent('等待 小明 缓冲…');
		unmount();
		render(SyncIndicator, { view: indicator({ precision: 'estimated' }), onResync: vi.fn() });
		expect(screen.getByTestId('sync-indicator')).toHaveAttribute('data-sync', 'estimated');
		expect(screen.getByTestId('sync-indicator')).toHaveTextContent('约 ±1–2 s（嵌入播放器）');
	});

	it('speaks English too', () => {
		i18n.locale = 'en';
		render(SyncIndicator, {
			view: indicator({ correcting: 'rate', driftMs: 60 }),
			onResync: vi.fn(),
		});
		expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Correcting');
	});
});

const member = (over: Partial<Member>): Member => ({
	id: 'm',
	userId: 'u',
	name: 'Ann',
	status: 'ready',
	driftMs: null,
	driftKind: null,
	rttMs: null,
	noWait: false,
	...over,
});

describe('PresenceList', () => {
	it('lists members with status, drift and a "you" marker', () => {
		render(PresenceList, {
			members: [
				member({ id: 'a', name: 'alice', status: 'ready', driftMs: -12.4, driftKind: 'frame' }),
				member({ id: 'b', name: '小明', status: 'buffering', driftMs: null }),
				member({ id: 'c', name: 'cy', status: 'ready', driftMs: 1234, driftKind: 'estimated' }),
				member({ id: 'd', name: 'dee', status: 'autoplay-blocked', noWait: true }),
			],
			selfId: 'a',
			waitingIds: ['b'],
		});
		expect(screen.getByTestId('presence')).toHaveTextContent('正在观看（4）');
		const rows = screen.getAllByTestId('member');
		expect(rows.map((r) => r.getAttribute('data-status'))).toEqual([
			'ready',
			'buffering',
			'ready',
			'autoplay-blocked',
		]);
		expect(rows.map((r) => r.getAttribute('data-drift-ms'))).toEqual(['-12', '', '1234', '']);
		expect(rows[0]).toHaveTextContent('A');
		expect(rows[0]).toHaveTextContent('alice（你）');
		expect(rows[0]).toHaveTextContent('±12 ms');
		expect(rows[1]).toHaveTextContent('缓冲中');
		expect(rows[1]).toHaveTextContent('—');
		expect(rows[2]).toHaveTextContent('≈±1.2 s');
		expect(rows[2]).not.toHaveTextContent('（你）');
		expect(rows[3]).toHaveTextContent('等待点击播放 · 不等待');
	});
});

describe('AutoplayOverlay', () => {
	it('joins with the gesture, or plays muted', async () => {
		const onJoin = vi.fn();
		const onMuted = vi.fn();
		render(AutoplayOverlay, { onJoin, onMuted });
		expect(screen.getByTestId('overlay-autoplay')).toBeInTheDocument();
		await fireEvent.click(screen.getByRole('button', { name: /点击加入播放/ }));
		expect(onJoin).toHaveBeenCalledOnce();
		await fireEvent.click(screen.getByRole('button', { name: '静音播放' }));
		expect(onMuted).toHaveBeenCalledOnce();
	});
});

describe('WaitingOverlay', () => {
	it('says whom it waits for and offers "don\'t wait for me" to that viewer', async () => {
		const onDontWait = vi.fn();
		render(WaitingOverlay, { names: ['小明'], secondsLeft: 6, waitingForMe: true, onDontWait });
		expect(screen.getByTestId('overlay-waiting')).toHaveTextContent('等待 小明 缓冲…');
		expect(screen.getByTestId('overlay-waiting')).toHaveTextContent('最多再等 6 秒');
		await fireEvent.click(screen.getByRole('button', { name: '不等我' }));
		expect(onDontWait).toHaveBeenCalledOnce();
	});

	it('offers nothing to the others', () => {
		render(WaitingOverlay, {
			names: ['小明'],
			secondsLeft: 6,
			waitingForMe: false,
			onDontWait: vi.fn(),
		});
		expect(screen.queryByRole('button')).toBeNull();
	});
});
