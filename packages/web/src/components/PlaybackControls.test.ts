import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaRange } from '../lib/player/time-ranges.js';
import { i18n } from '../lib/state/i18n.svelte.js';
import { preferences } from '../lib/state/preferences.svelte.js';
import { room } from '../lib/state/room.svelte.js';
import { IDLE_SNAPSHOT, type SyncSnapshot } from '../lib/sync/sync-controller.js';
import { MEDIA, roomPlayback } from '../test/fake-player.js';
import PlaybackControls from './PlaybackControls.svelte';
import SeekBar from './SeekBar.svelte';

const TWO_MINUTES = { ...MEDIA, durationMs: 120_000 };

beforeEach(() => {
	i18n.locale = 'zh-CN';
});
afterEach(() => {
	vi.restoreAllMocks();
	room.disconnect();
	preferences.danmaku = false;
});

/** The room paused (or playing) on a two-minute video at `positionMs`. */
function loaded(over: Parameters<typeof roomPlayback>[0] = {}): void {
	room.applyPlayback(
		roomPlayback({
			seq: 1,
			media: TWO_MINUTES,
			positionMs: 65_000,
			anchorMs: room.serverNow(),
			...over,
		}),
	);
}

/** A local player as the sync controller reports it. */
function withPlayer(over: Partial<SyncSnapshot> = {}): void {
	vi.spyOn(room, 'player', 'get').mockReturnValue({
		...IDLE_SNAPSHOT,
		attached: true,
		status: 'ready',
		precision: 'frame',
		...over,
	});
}

const ok = { ok: true } as const;

describe('PlaybackControls', () => {
	it('is all disabled while nothing is loaded', () => {
		render(PlaybackControls);
		expect(screen.getByTestId('control-play')).toBeDisabled();
		expect(screen.getByTestId('control-seek')).toBeDisabled();
		expect(screen.getByTestId('control-rate')).toBeDisabled();
		expect(screen.getByTestId('playback-duration')).toHaveTextContent('--:--');
	});

	it('plays and pauses the room, and says which it will do', async () => {
		const toggle = vi.spyOn(room, 'togglePlay').mockResolvedValue(ok);
		loaded();
		const { unmount } = render(PlaybackControls);
		const play = screen.getByRole('button', { name: '播放' });
		expect(play).toHaveAttribute('data-playing', 'false');
		await fireEvent.click(play);
		expect(toggle).toHaveBeenCalledOnce();
		unmount();

		loaded({ seq: 2, paused: false });
		i18n.locale = 'en';
		render(PlaybackControls);
		expect(screen.getByTestId('control-play')).toHaveAccessibleName('Pause');
	});

	it('shows the position and the length, and seeks where the bar is let go', async () => {
		const seek = vi.spyOn(room, 'seek').mockResolvedValue(ok);
		loaded();
		render(PlaybackControls);
		expect(screen.getByTestId('playback-position')).toHaveTextContent('01:05');
		expect(screen.getByTestId('playback-duration')).toHaveTextContent('/ 02:00');
		const bar = screen.getByRole('slider', { name: '进度' });
		expect(bar).toHaveAttribute('aria-valuetext', '01:05 / 02:00');
		// Dragging shows the dragged time; letting go seeks the room.
		await fireEvent.input(bar, { target: { value: '90000' } });
		expect(screen.getByTestId('playback-position')).toHaveTextContent('01:30');
		expect(seek).not.toHaveBeenCalled();
		await fireEvent.change(bar, { target: { value: '90000' } });
		expect(seek).toHaveBeenCalledWith(90_000);
	});

	it('jumps 10 s with the buttons and 5 s with the arrow keys on the bar', async () => {
		const seek = vi.spyOn(room, 'seek').mockResolvedValue(ok);
		loaded();
		render(PlaybackControls);
		await fireEvent.click(screen.getByRole('button', { name: '前进 10 秒' }));
		expect(seek).toHaveBeenLastCalledWith(75_000);
		await fireEvent.click(screen.getByRole('button', { name: '后退 10 秒' }));
		expect(seek).toHaveBeenLastCalledWith(55_000);
		const bar = screen.getByTestId('control-seek');
		await fireEvent.keyDown(bar, { key: 'ArrowRight' });
		expect(seek).toHaveBeenLastCalledWith(70_000);
		await fireEvent.keyDown(bar, { key: 'ArrowLeft' });
		expect(seek).toHaveBeenLastCalledWith(60_000);
		await fireEvent.keyDown(bar, { key: 'PageUp' });
		expect(seek).toHaveBeenLastCalledWith(95_000);
	});

	it('offers speeds from 0.5× to 2×, and shows the room’s speed again when refused', async () => {
		const setRate = vi
			.spyOn(room, 'setRate')
			.mockResolvedValue({ ok: false, error: 'not_allowed' });
		loaded({ rate: 1.25 });
		render(PlaybackControls);
		const speed = screen.getByRole('combobox', { name: '倍速' }) as HTMLSelectElement;
		expect(
			within(speed)
				.getAllByRole('option')
				.map((o) => o.textContent),
		).toEqual(['0.5×', '0.75×', '1×', '1.25×', '1.5×', '2×']);
		expect(speed.value).toBe('1.25');
		await fireEvent.change(speed, { target: { value: '2' } });
		expect(setRate).toHaveBeenCalledWith(2);
		await waitFor(() => expect(speed.value).toBe('1.25'));
	});

	it('mutes, unmutes and sets the volume of this browser’s player', async () => {
		const setMuted = vi.spyOn(room, 'setMuted').mockImplementation(() => undefined);
		const setVolume = vi.spyOn(room, 'setVolume').mockImplementation(() => undefined);
		loaded();
		withPlayer({ volume: 0.8 });
		const { unmount } = render(PlaybackControls);
		const volume = screen.getByRole('slider', { name: '音量' });
		expect(volume).toHaveValue('0.8');
		expect(volume).toHaveAttribute('aria-valuetext', '80%');
		await fireEvent.input(volume, { target: { value: '0.3' } });
		expect(setVolume).toHaveBeenCalledWith(0.3);
		await fireEvent.click(screen.getByRole('button', { name: '静音' }));
		expect(setMuted).toHaveBeenCalledWith(true);
		unmount();

		withPlayer({ volume: 0.8, muted: true });
		render(PlaybackControls);
		expect(screen.getByRole('slider', { name: '音量' })).toHaveValue('0');
		await fireEvent.click(screen.getByRole('button', { name: '取消静音' }));
		expect(setMuted).toHaveBeenLastCalledWith(false);
	});

	it('has no volume for the embedded player (it keeps its own)', () => {
		loaded();
		withPlayer({ precision: 'estimated' });
		render(PlaybackControls);
		expect(screen.queryByTestId('control-mute')).toBeNull();
		expect(screen.queryByTestId('control-volume')).toBeNull();
	});

	it('puts the player in full screen', async () => {
		const target = document.createElement('div');
		const request = vi.fn(() => Promise.resolve());
		target.requestFullscreen = request;
		loaded();
		render(PlaybackControls, { fullscreenTarget: target });
		await fireEvent.click(screen.getByRole('button', { name: '全屏' }));
		expect(request).toHaveBeenCalledOnce();
	});

	it('cannot go full screen without a target', () => {
		render(PlaybackControls);
		expect(screen.getByTestId('control-fullscreen')).toBeDisabled();
	});

	it('switches danmaku on and off', async () => {
		preferences.danmaku = false;
		render(PlaybackControls);
		const toggle = screen.getByRole('switch', { name: '弹幕' });
		expect(toggle).not.toBeChecked();
		await fireEvent.click(toggle);
		expect(preferences.danmaku).toBe(true);
		expect(toggle).toBeChecked();
		await fireEvent.click(toggle);
		expect(preferences.danmaku).toBe(false);
	});

	it('says why a command failed', async () => {
		vi.spyOn(room, 'togglePlay').mockResolvedValue({ ok: false, error: 'timeout' });
		loaded();
		render(PlaybackControls);
		await fireEvent.click(screen.getByTestId('control-play'));
		expect(await screen.findByRole('alert')).toHaveTextContent('服务器没有响应');
	});
});

describe('SeekBar', () => {
	const BUFFERED: MediaRange[] = [
		{ startMs: 0, endMs: 30_000 },
		{ startMs: 60_000, endMs: 90_000 },
	];

	function bar(props: Partial<{ valueMs: number; disabled: boolean }> = {}) {
		const onCommit = vi.fn();
		render(SeekBar, {
			valueMs: 30_000,
			maxMs: 120_000,
			label: 'Position',
			buffered: BUFFERED,
			onCommit,
			...props,
		});
		// jsdom lays nothing out: the track is 200 px wide, from x = 100.
		const track = screen.getByTestId('control-seek').previousElementSibling as HTMLElement;
		vi.spyOn(track, 'getBoundingClientRect').mockReturnValue(new DOMRect(100, 0, 200, 4));
		return { onCommit, root: track.parentElement as HTMLElement };
	}

	it('draws what is buffered and how far the room is', () => {
		bar();
		const ranges = screen.getAllByTestId('seek-buffered');
		expect(ranges.map((r) => [r.style.left, r.style.width])).toEqual([
			['0%', '25%'],
			['50%', '25%'],
		]);
	});

	it('shows the time under the pointer, and hides it when the pointer leaves', async () => {
		const { root } = bar();
		expect(screen.queryByTestId('seek-hover-time')).toBeNull();
		await fireEvent.pointerMove(root, { clientX: 250 });
		expect(screen.getByTestId('seek-hover-time')).toHaveTextContent('01:30');
		await fireEvent.pointerMove(root, { clientX: 40 });
		expect(screen.getByTestId('seek-hover-time')).toHaveTextContent('00:00');
		await fireEvent.pointerLeave(root);
		expect(screen.queryByTestId('seek-hover-time')).toBeNull();
	});

	it('shows no hover time while disabled', async () => {
		const { root } = bar({ disabled: true });
		await fireEvent.pointerMove(root, { clientX: 250 });
		expect(screen.queryByTestId('seek-hover-time')).toBeNull();
	});

	it('keeps key jumps inside the video', async () => {
		const { onCommit } = bar({ valueMs: 118_000 });
		await fireEvent.keyDown(screen.getByTestId('control-seek'), { key: 'ArrowRight' });
		expect(onCommit).toHaveBeenLastCalledWith(120_000);
		await fireEvent.keyDown(screen.getByTestId('control-seek'), { key: 'Home' });
		expect(onCommit).toHaveBeenCalledOnce();
	});
});
