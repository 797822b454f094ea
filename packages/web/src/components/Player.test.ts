import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MEDIA, roomPlayback } from '../test/fake-player.js';
import { i18n } from '../lib/state/i18n.svelte.js';
import { room } from '../lib/state/room.svelte.js';
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

describe('Player', () => {
	it('shows the empty state without media', () => {
		render(Player);
		expect(screen.getByTestId('player-empty')).toBeInTheDocument();
	});

	it('shows our own <video> (no native controls) for direct media', async () => {
		room.applyPlayback(roomPlayback({ seq: 1, anchorMs: room.serverNow() }));
		render(Player);
		const video = await screen.findByTestId('player-video');
		expect(video.tagName).toBe('VIDEO');
		expect(video).not.toHaveAttribute('controls');
		expect(video).toHaveAttribute('src', MEDIA.url);
		expect(screen.getByTestId('overlay-loading')).toBeInTheDocument();
	});

	it('offers "tap to join" when autoplay is blocked, and joins with the gesture', async () => {
		const play = vi
			.spyOn(HTMLMediaElement.prototype, 'play')
			.mockRejectedValue(new DOMException('blocked', 'NotAllowedError'));
		// A play scheduled 60 ms from now, from the position the player already has.
		room.applyPlayback(
			roomPlayback({ seq: 2, paused: false, positionMs: 0, anchorMs: room.serverNow() + 60 }),
		);
		render(Player);
		const video = await screen.findByTestId('player-video');
		video.dispatchEvent(new Event('loadedmetadata'));
		const overlay = await screen.findByTestId('overlay-autoplay', {}, { timeout: 2000 });
		expect(overlay).toHaveTextContent('浏览器阻止了自动播放');
		expect(room.player.needsGesture).toBe(true);
		const join = vi.spyOn(room, 'joinWithGesture');
		play.mockResolvedValue(undefined);
		await fireEvent.click(screen.getByRole('button', { name: /点击加入播放/ }));
		expect(join).toHaveBeenCalledWith(false);
		await waitFor(() => expect(room.player.needsGesture).toBe(false));
		expect(screen.queryByTestId('overlay-autoplay')).toBeNull();
	});
});
