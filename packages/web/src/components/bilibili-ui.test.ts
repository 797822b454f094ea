import type { Media, MediaPlayback } from '@videotogether/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { choosePlayer, type PlayerChoice } from '../lib/player/select.js';
import { i18n } from '../lib/state/i18n.svelte.js';
import { preferences } from '../lib/state/preferences.svelte.js';
import { room } from '../lib/state/room.svelte.js';
import { roomPlayback } from '../test/fake-player.js';
import DanmakuSettings from './DanmakuSettings.svelte';
import MediaHeading from './MediaHeading.svelte';
import PartPicker from './PartPicker.svelte';
import PlaybackModeBadge from './PlaybackModeBadge.svelte';
import Player from './Player.svelte';

beforeEach(() => {
	i18n.locale = 'zh-CN';
	vi.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => undefined);
	vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
});
afterEach(() => {
	vi.restoreAllMocks();
	room.disconnect();
});

const PARTS = [
	{ page: 1, title: 'P1 第一话「出发」', durationMs: 10_000 },
	{ page: 2, title: 'P2 第二话「相遇」', durationMs: 75_000 },
	{ page: 3, title: 'P3 第三话「再见」', durationMs: null },
];
const NATIVE: MediaPlayback = {
	mode: 'native',
	reason: null,
	manifestUrl: '/api/bili/manifest/m.mpd',
	mp4Url: '/api/bili/media/f',
	danmakuUrl: '/api/bili/danmaku/d',
};

function bili(playback?: MediaPlayback, extra: Partial<Media> = {}): Media {
	return {
		id: 'bilibili:BV17x411w7KC:p1',
		kind: 'bilibili',
		url: 'https://www.bilibili.com/video/BV17x411w7KC',
		embedUrl: 'https://player.bilibili.com/player.html?bvid=BV17x411w7KC&p=1',
		title: '三P合集',
		...(playback ? { playback } : {}),
		...extra,
	};
}

function choice(playback?: MediaPlayback, families: ('avc' | 'hevc')[] = ['avc']): PlayerChoice {
	return choosePlayer(bili(playback), { families }) as PlayerChoice;
}

describe('PlaybackModeBadge', () => {
	it('says native, with what it means on hover or focus', () => {
		render(PlaybackModeBadge, { choice: choice(NATIVE) });
		const badge = screen.getByTestId('playback-mode');
		expect(badge).toHaveAttribute('data-mode', 'native');
		expect(badge).toHaveAttribute('data-reason', '');
		expect(badge).toHaveTextContent('原生播放');
		const button = within(badge).getByRole('button');
		const tip = screen.getByRole('tooltip', { hidden: true });
		expect(button).toHaveAttribute('aria-describedby', tip.id);
		expect(tip).toHaveTextContent('DASH');
		expect(screen.queryByTestId('playback-mode-reason')).toBeNull();
	});

	it('shows the embed with the reason, translated, in both languages', async () => {
		const risk = choice({ mode: 'embed', reason: 'risk_controlled' });
		const view = render(PlaybackModeBadge, { choice: risk });
		const badge = screen.getByTestId('playback-mode');
		expect(badge).toHaveAttribute('data-mode', 'embed');
		expect(badge).toHaveAttribute('data-reason', 'risk_controlled');
		expect(badge).toHaveTextContent('嵌入 · 松散同步 ±1–2 秒');
		expect(screen.getByTestId('playback-mode-reason')).toHaveTextContent(
			'原因：哔哩哔哩暂时拒绝了我们的请求（风控）。',
		);
		i18n.locale = 'en';
		await view.rerender({ choice: risk });
		expect(badge).toHaveTextContent('Embed · loose sync ±1–2 s');
		expect(screen.getByTestId('playback-mode-reason')).toHaveTextContent(
			'Why: Bilibili is temporarily refusing our requests (risk control).',
		);
	});

	it('says resolving while the server has not answered', () => {
		render(PlaybackModeBadge, { choice: choice() });
		const badge = screen.getByTestId('playback-mode');
		expect(badge).toHaveAttribute('data-resolving', 'true');
		expect(badge).toHaveTextContent('正在解析…');
	});

	it('marks a step-down made by this browser', () => {
		render(PlaybackModeBadge, { choice: choice(NATIVE, []) });
		const badge = screen.getByTestId('playback-mode');
		expect(badge).toHaveAttribute('data-mode', 'mp4');
		expect(badge).toHaveAttribute('data-reason', 'no_codec');
		expect(badge).toHaveAttribute('data-local', 'true');
	});
});

describe('Player and its heading with a Bilibili item', () => {
	it('starts on the embed, then switches player when the item is resolved', async () => {
		const at = room.serverNow();
		room.applyPlayback(roomPlayback({ seq: 1, media: bili(), anchorMs: at }));
		render(Player);
		render(MediaHeading);
		expect(screen.getByTestId('media-title')).toHaveTextContent('三P合集');
		expect(await screen.findByTestId('player-iframe')).toBeInTheDocument();
		expect(screen.getByTestId('playback-mode')).toHaveAttribute('data-resolving', 'true');

		// The upgrade: same item, next seq. jsdom has no MediaSource: MP4 it is, saying why.
		room.applyPlayback(roomPlayback({ seq: 2, media: bili(NATIVE), anchorMs: at }));
		const video = await screen.findByTestId('player-video');
		expect(screen.queryByTestId('player-iframe')).toBeNull();
		expect(video).toHaveAttribute('src', NATIVE.mp4Url);
		expect(video).toHaveAttribute('data-mode', 'mp4');
		const badge = screen.getByTestId('playback-mode');
		expect(badge).toHaveAttribute('data-mode', 'mp4');
		expect(badge).toHaveAttribute('data-reason', 'no_codec');

		// The MP4 cannot play here either: down to the embed, for this item only.
		video.dispatchEvent(new Event('error'));
		expect(await screen.findByTestId('player-iframe')).toBeInTheDocument();
		await waitFor(() =>
			expect(screen.getByTestId('playback-mode')).toHaveAttribute('data-reason', 'playback_failed'),
		);
	});

	it('shows no badge for direct media', async () => {
		room.applyPlayback(roomPlayback({ seq: 1, anchorMs: room.serverNow() }));
		render(Player);
		render(MediaHeading);
		await screen.findByTestId('player-video');
		expect(screen.queryByTestId('playback-mode')).toBeNull();
	});
});

describe('PartPicker', () => {
	it('lists the parts with titles and durations, on the current one', async () => {
		render(PartPicker, { media: bili(NATIVE, { parts: PARTS, page: 2 }) });
		const picker = screen.getByTestId('part-picker') as HTMLSelectElement;
		const options = within(picker).getAllByRole('option');
		expect(options.map((o) => o.textContent)).toEqual([
			'P1 第一话「出发」（00:10）',
			'P2 第二话「相遇」（01:15）',
			'P3 第三话「再见」',
		]);
		expect(picker.value).toBe('2');
		i18n.locale = 'en';
		await waitFor(() =>
			expect(within(picker).getAllByRole('option')[1]).toHaveTextContent(
				'P2 第二话「相遇」 (01:15)',
			),
		);
	});

	it('numbers parts whose titles do not', () => {
		const parts = [
			{ page: 1, title: '出发', durationMs: 10_000 },
			{ page: 2, title: '相遇', durationMs: null },
		];
		render(PartPicker, { media: bili(NATIVE, { parts }) });
		const options = within(screen.getByTestId('part-picker')).getAllByRole('option');
		expect(options.map((o) => o.textContent)).toEqual(['P1 · 出发（00:10）', 'P2 · 相遇']);
	});

	it('loads another part for everyone', async () => {
		const load = vi.spyOn(room, 'load').mockResolvedValue({ ok: true });
		render(PartPicker, { media: bili(NATIVE, { parts: PARTS, page: 1 }) });
		await fireEvent.change(screen.getByTestId('part-picker'), { target: { value: '3' } });
		expect(load).toHaveBeenCalledWith('https://www.bilibili.com/video/BV17x411w7KC?p=3');
	});

	it('goes back to the playing part when the load is refused', async () => {
		vi.spyOn(room, 'load').mockResolvedValue({ ok: false, error: 'rate_limited' });
		render(PartPicker, { media: bili(NATIVE, { parts: PARTS, page: 1 }) });
		const picker = screen.getByTestId('part-picker') as HTMLSelectElement;
		await fireEvent.change(picker, { target: { value: '2' } });
		await waitFor(() => expect(picker.value).toBe('1'));
		expect(screen.getByTestId('part-note')).not.toBeEmptyDOMElement();
	});

	it('adds a part to the queue', async () => {
		const command = vi.spyOn(room, 'queueCommand').mockResolvedValue({ ok: true });
		render(PartPicker, { media: bili(NATIVE, { parts: PARTS, page: 1 }) });
		await fireEvent.click(screen.getByTestId('part-enqueue'));
		const items = screen.getAllByTestId('part-enqueue-item');
		expect(items).toHaveLength(3);
		await fireEvent.click(items[1] as HTMLElement);
		expect(command).toHaveBeenCalledWith({
			type: 'add',
			url: 'https://www.bilibili.com/video/BV17x411w7KC?p=2',
		});
		await waitFor(() =>
			expect(screen.getByTestId('part-note')).toHaveTextContent('已加入队列：P2'),
		);
	});

	it('is hidden for a single-part video and for direct media', () => {
		render(PartPicker, { media: bili(NATIVE, { parts: PARTS.slice(0, 1) }) });
		expect(screen.queryByTestId('part-picker')).toBeNull();
		render(PartPicker, { media: bili(NATIVE) });
		expect(screen.queryByTestId('part-picker')).toBeNull();
	});
});

describe('DanmakuSettings: Bilibili danmaku', () => {
	afterEach(() => {
		preferences.danmaku = false;
		preferences.biliDanmaku = true;
	});

	it('is available when our own player shows an item with a danmaku pool', async () => {
		preferences.danmaku = false;
		const media = bili(NATIVE);
		render(DanmakuSettings, { media, choice: choosePlayer(media, { families: ['avc'] }) });
		const toggle = screen.getByTestId('toggle-bili-danmaku') as HTMLInputElement;
		expect(toggle).toBeEnabled();
		expect(toggle.checked).toBe(false);
		// Asking for Bilibili's danmaku turns danmaku on.
		await fireEvent.click(toggle);
		expect(preferences.danmaku).toBe(true);
		expect(preferences.biliDanmaku).toBe(true);
		expect(toggle.checked).toBe(true);
		await fireEvent.click(toggle);
		expect(preferences.biliDanmaku).toBe(false);
		expect(preferences.danmaku).toBe(true);
	});

	it('is disabled on the embed (it draws its own) and for direct media', () => {
		const media = bili({ mode: 'embed', reason: 'risk_controlled', danmakuUrl: '/d' });
		render(DanmakuSettings, { media, choice: choosePlayer(media, { families: ['avc'] }) });
		const toggle = screen.getByTestId('toggle-bili-danmaku');
		expect(toggle).toBeDisabled();
		expect(toggle.closest('label')).toHaveAttribute('title', '官方嵌入播放器自带弹幕');
	});
});
