import type { PlayerStatus } from '@videotogether/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MEDIA } from '../../test/fake-player.js';
import { HtmlVideoAdapter, mediaFormat } from './html-video.js';

function setup() {
	const video = document.createElement('video');
	let readyState = 0;
	Object.defineProperty(video, 'readyState', { get: () => readyState });
	const adapter = new HtmlVideoAdapter(video, {
		loadHls: () => Promise.reject(new Error('not in tests')),
		loadDash: () => Promise.reject(new Error('not in tests')),
	});
	const statuses: PlayerStatus[] = [];
	adapter.onStatus((s) => statuses.push(s));
	const fire = (type: string, ready = readyState) => {
		readyState = ready;
		video.dispatchEvent(new Event(type));
	};
	return { video, adapter, statuses, fire };
}

beforeEach(() => {
	vi.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => undefined);
	vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
});
afterEach(() => {
	vi.restoreAllMocks();
});

describe('mediaFormat', () => {
	it('follows the server’s format, else the extension', () => {
		expect(mediaFormat({ url: 'https://x/a.m3u8?token=1' })).toBe('hls');
		expect(mediaFormat({ url: 'https://x/manifest.MPD' })).toBe('dash');
		expect(mediaFormat({ url: 'https://x/a.webm' })).toBe('webm');
		expect(mediaFormat({ url: 'https://x/a' })).toBe('mp4');
		expect(mediaFormat({ url: 'https://x/a', format: 'hls' })).toBe('hls');
	});
});

describe('HtmlVideoAdapter', () => {
	it('is our own element: no native controls, preload, inline', () => {
		const { video, adapter } = setup();
		expect(video.controls).toBe(false);
		expect(video.preload).toBe('auto');
		expect(adapter.supportsRate).toBe(true);
		// jsdom has no requestVideoFrameCallback: positions come from currentTime.
		expect(adapter.precision).toBe('time');
	});

	it('opens progressive media at the start position once metadata is in', async () => {
		const { video, adapter, fire } = setup();
		const load = adapter.load(MEDIA, { startMs: 42_500 });
		expect(video.getAttribute('src')).toBe(MEDIA.url);
		expect(adapter.status).toBe('loading');
		fire('loadedmetadata', 1);
		await load;
		expect(video.currentTime).toBe(42.5);
	});

	it('rejects a load the element cannot open, with an error status', async () => {
		const { adapter, fire } = setup();
		const load = adapter.load(MEDIA, { startMs: 0 });
		fire('error');
		await expect(load).rejects.toThrow();
		expect(adapter.status).toBe('error');
	});

	it('maps element events to statuses', () => {
		const { adapter, statuses, fire } = setup();
		fire('canplay', 2);
		expect(adapter.status).toBe('loading');
		fire('canplay', 3);
		expect(adapter.status).toBe('ready');
		fire('waiting', 2);
		expect(adapter.status).toBe('buffering');
		fire('playing', 4);
		fire('stalled', 4);
		expect(adapter.status).toBe('ready');
		fire('stalled', 2);
		expect(adapter.status).toBe('buffering');
		fire('canplaythrough', 4);
		fire('error');
		expect(statuses).toEqual(['ready', 'buffering', 'ready', 'buffering', 'ready', 'error']);
	});

	it('reports autoplay-blocked when play() is refused, and ok otherwise', async () => {
		const { adapter } = setup();
		const play = vi
			.spyOn(HTMLMediaElement.prototype, 'play')
			.mockRejectedValueOnce(new DOMException('no', 'NotAllowedError'))
			.mockRejectedValueOnce(new DOMException('interrupted', 'AbortError'))
			.mockResolvedValueOnce(undefined);
		expect(await adapter.play()).toBe('blocked');
		expect(adapter.status).toBe('autoplay-blocked');
		expect(await adapter.play()).toBe('ok');
		expect(await adapter.play()).toBe('ok');
		expect(play).toHaveBeenCalledTimes(3);
	});

	it('seeks, sets the rate and the volume on the element', () => {
		const { video, adapter } = setup();
		adapter.seek(12_345);
		expect(video.currentTime).toBeCloseTo(12.345, 6);
		expect(adapter.currentMs()).toBeCloseTo(12_345, 3);
		adapter.setRate(1.05);
		expect(video.playbackRate).toBe(1.05);
		adapter.setVolume(2);
		expect(video.volume).toBe(1);
		adapter.setMuted(true);
		expect(adapter.muted).toBe(true);
	});

	it('reads the position from currentTime (a continuous media clock), playing or not', () => {
		const { video, adapter } = setup();
		let currentTime = 12.3456;
		Object.defineProperty(video, 'currentTime', {
			get: () => currentTime,
			set: (value: number) => (currentTime = value),
		});
		Object.defineProperty(video, 'paused', { get: () => false });
		expect(adapter.currentMs()).toBeCloseTo(12_345.6, 6);
		currentTime = 12.3461;
		expect(adapter.currentMs()).toBeCloseTo(12_346.1, 6);
	});

	it('never emits anything but status, frames, seeked and ended (no commands)', () => {
		const { adapter } = setup();
		const keys = Object.getOwnPropertyNames(Object.getPrototypeOf(adapter)).filter((k) =>
			k.startsWith('on'),
		);
		expect(keys.sort()).toEqual(['onEnded', 'onFrame', 'onSeeked', 'onStatus']);
	});
});
