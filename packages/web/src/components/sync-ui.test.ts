import type { Member, RoomPhase } from '@videotogether/shared';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
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
		expect(screen.getByTestId('sync-indicator')).toHaveTextContent('等待小明缓冲…');
		unmount();
		render(SyncIndicator, { view: indicator({ precision: 'estimated' }), onResync: vi.fn() });
		expect(screen.getByTestId('sync-indicator')).toHaveAttribute('data-sync', 'estimated');
		expect(screen.getByTestId('sync-indicator')).toHaveTextContent('约 ±1–2 s（嵌入播放器）');
	});

	it('says when you are ahead, in English, as a status', async () => {
		i18n.locale = 'en';
		const onResync = vi.fn();
		const { rerender } = render(SyncIndicator, { view: indicator({ driftMs: 1_250 }), onResync });
		expect(screen.getByTestId('sync-text')).toHaveTextContent('You are 1250 ms ahead');
		// Announced without the figure, which changes all the time.
		expect(screen.getByRole('status')).toHaveTextContent('Sync status: Correcting');
		await rerender({ view: indicator({ driftMs: 1_310 }), onResync });
		expect(screen.getByTestId('sync-text')).toHaveTextContent('You are 1310 ms ahead');
		expect(screen.getByRole('status')).toHaveTextContent('Sync status: Correcting');
		await fireEvent.click(screen.getByRole('button', { name: 'Resync' }));
		expect(onResync).toHaveBeenCalledOnce();
		await rerender({ view: indicator({ driftMs: 3 }), onResync });
		expect(screen.getByRole('status')).toHaveTextContent('Sync status: In sync');
		expect(screen.queryByRole('button', { name: 'Resync' })).toBeNull();
	});

	it('is off, with no resync, while nothing plays here', () => {
		render(SyncIndicator, { view: indicator({}, 'idle'), onResync: vi.fn() });
		expect(screen.getByTestId('sync-indicator')).toHaveAttribute('data-sync', 'off');
		expect(screen.queryByTestId('sync-resync')).toBeNull();
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

	it('shows a hostile display name as text, never as markup', () => {
		const name = '<img src=x onerror="globalThis.pwned=1"><b>bold</b>';
		render(PresenceList, {
			members: [member({ id: 'a', name, status: 'ready' })],
			selfId: 'z',
			waitingIds: [],
		});
		const row = screen.getByTestId('member');
		expect(row).toHaveTextContent(name);
		expect(row.querySelector('img, b')).toBeNull();
		expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
	});
});

describe('PresenceList: hosts', () => {
	it('marks the host, and lets the host hand the role on', async () => {
		const onMakeHost = vi.fn();
		const members = [
			member({ id: 'a', userId: 'u:a', name: 'alice' }),
			member({ id: 'b', userId: 'u:b', name: 'bob', status: 'buffering' }),
		];
		render(PresenceList, {
			members,
			selfId: 'a',
			waitingIds: ['b'],
			hostUserId: 'u:a',
			canManage: true,
			onMakeHost,
		});
		const [alice, bob] = screen.getAllByTestId('member') as [HTMLElement, HTMLElement];
		expect(within(alice).getByTestId('member-host')).toHaveTextContent('房主');
		expect(within(bob).queryByTestId('member-host')).toBeNull();
		// Nobody hands the role to themselves.
		expect(within(alice).queryByTestId('member-make-host')).toBeNull();
		expect(bob).toHaveClass('waited');
		await fireEvent.click(within(bob).getByRole('button', { name: '把房主交给 bob' }));
		expect(onMakeHost).toHaveBeenCalledWith(members[1]);
	});

	it('offers no hand-over to guests, and says when nobody is here', () => {
		const { unmount } = render(PresenceList, {
			members: [member({ id: 'a', userId: 'u:a' }), member({ id: 'b', userId: 'u:b' })],
			selfId: 'b',
			hostUserId: 'u:a',
		});
		expect(screen.queryByTestId('member-make-host')).toBeNull();
		unmount();
		i18n.locale = 'en';
		render(PresenceList, { members: [], selfId: null });
		expect(screen.getByTestId('presence')).toHaveTextContent('Nobody here yet.');
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
		expect(screen.getByTestId('overlay-waiting')).toHaveTextContent('等待小明缓冲…');
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
