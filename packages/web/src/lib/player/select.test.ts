import type { Media, MediaPlayback } from '@videotogether/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MEDIA } from '../../test/fake-player.js';
import { playerKindFor } from './adapter.js';
import {
	browserCodecFamilies,
	choosePlayer,
	manifestWithCodecs,
	mediaForVideo,
	type PlayerChoice,
} from './select.js';
import { SourcedVideoAdapter } from './sourced-video.js';

const MANIFEST = '/api/bili/manifest/tok.mpd';
const MP4 = '/api/bili/media/tok2';
const DANMAKU = '/api/bili/danmaku/tok3';

function bili(playback?: MediaPlayback, extra: Partial<Media> = {}): Media {
	return {
		id: 'bilibili:BV1y7411Q7Eq:p1',
		kind: 'bilibili',
		url: 'https://www.bilibili.com/video/BV1y7411Q7Eq',
		embedUrl: 'https://player.bilibili.com/player.html?bvid=BV1y7411Q7Eq&p=1',
		...(playback ? { playback } : {}),
		...extra,
	};
}

const NATIVE: MediaPlayback = {
	mode: 'native',
	reason: null,
	manifestUrl: MANIFEST,
	mp4Url: MP4,
	danmakuUrl: DANMAKU,
};

describe('choosePlayer', () => {
	const families = ['avc', 'hevc'] as const;

	it('has nothing to choose without media', () => {
		expect(choosePlayer(null, { families })).toBeNull();
		expect(playerKindFor(null, [...families])).toBeNull();
	});

	it('plays direct media in our own <video>, as it is', () => {
		const choice = choosePlayer(MEDIA, { families: [] });
		expect(choice).toMatchObject({ kind: 'video', mode: null, reason: null, local: false });
		expect(choice?.source).toEqual({ url: MEDIA.url, format: 'mp4' });
		expect(playerKindFor(MEDIA, [])).toBe('video');
	});

	it('starts a Bilibili item on the embed while the server resolves it', () => {
		const choice = choosePlayer(bili(), { families });
		expect(choice).toMatchObject({ kind: 'embed', mode: 'embed', resolving: true, reason: null });
		expect(choice?.source).toBeNull();
		expect(playerKindFor(bili(), [...families])).toBe('embed');
	});

	it('plays native as DASH on the same-origin manifest with this browser’s codec families', () => {
		const choice = choosePlayer(bili(NATIVE), { families });
		expect(choice).toMatchObject({ kind: 'video', mode: 'native', reason: null, local: false });
		expect(choice?.source).toEqual({ url: `${MANIFEST}?codecs=avc,hevc`, format: 'dash' });
		expect(playerKindFor(bili(NATIVE), ['avc'])).toBe('video');
	});

	it('plays mp4 progressively on the proxied file, with the server’s reason', () => {
		const playback: MediaPlayback = { mode: 'mp4', reason: 'no_dash', mp4Url: MP4 };
		const choice = choosePlayer(bili(playback), { families });
		expect(choice).toMatchObject({ kind: 'video', mode: 'mp4', reason: 'no_dash', local: false });
		expect(choice?.source).toEqual({ url: MP4, format: 'mp4' });
	});

	it('keeps the embed (with the reason) when the server says embed', () => {
		const playback: MediaPlayback = { mode: 'embed', reason: 'risk_controlled' };
		const choice = choosePlayer(bili(playback), { families });
		expect(choice).toMatchObject({
			kind: 'embed',
			mode: 'embed',
			reason: 'risk_controlled',
			resolving: false,
			local: false,
		});
		expect(playerKindFor(bili(playback), [...families])).toBe('embed');
	});

	it('skips native without MediaSource (no codec family): mp4, else the embed, saying why', () => {
		const mp4 = choosePlayer(bili(NATIVE), { families: [] });
		expect(mp4).toMatchObject({ kind: 'video', mode: 'mp4', reason: 'no_codec', local: true });
		const withoutMp4 = bili({ mode: 'native', reason: null, manifestUrl: MANIFEST });
		expect(choosePlayer(withoutMp4, { families: [] })).toMatchObject({
			kind: 'embed',
			reason: 'no_codec',
			local: true,
		});
	});

	it('steps down from a mode that failed here', () => {
		expect(choosePlayer(bili(NATIVE), { families, failed: ['native'] })).toMatchObject({
			mode: 'mp4',
			reason: 'playback_failed',
			local: true,
		});
		expect(choosePlayer(bili(NATIVE), { families, failed: ['native', 'mp4'] })).toMatchObject({
			kind: 'embed',
			reason: 'playback_failed',
			local: true,
		});
		const mp4: MediaPlayback = { mode: 'mp4', reason: 'no_dash', mp4Url: MP4 };
		expect(choosePlayer(bili(mp4), { families, failed: ['mp4'] })).toMatchObject({
			kind: 'embed',
			reason: 'playback_failed',
		});
	});

	it('has no player for a Bilibili item without any source', () => {
		const noEmbed = bili({ mode: 'embed', reason: 'upstream_down' }, { embedUrl: undefined });
		expect(choosePlayer(noEmbed, { families })).toBeNull();
		expect(playerKindFor(noEmbed, [...families])).toBeNull();
	});

	it('switches player when the item upgrades (same id, new playback)', () => {
		const before = bili();
		const after = bili(NATIVE);
		expect(before.id).toBe(after.id);
		expect(playerKindFor(before, ['avc'])).toBe('embed');
		expect(playerKindFor(after, ['avc'])).toBe('video');
	});
});

describe('manifestWithCodecs', () => {
	it('adds the codec families to the query', () => {
		expect(manifestWithCodecs('/m.mpd', ['avc'])).toBe('/m.mpd?codecs=avc');
		expect(manifestWithCodecs('/m.mpd?x=1', ['avc', 'av1'])).toBe('/m.mpd?x=1&codecs=avc,av1');
		expect(manifestWithCodecs('/m.mpd#frag', ['hevc'])).toBe('/m.mpd?codecs=hevc');
	});
});

describe('browserCodecFamilies', () => {
	it('is empty without MediaSource (jsdom)', () => {
		expect(browserCodecFamilies()).toEqual([]);
	});
});

describe('mediaForVideo', () => {
	const choice = choosePlayer(bili(NATIVE), { families: ['avc'] }) as PlayerChoice;

	it('opens a Bilibili item as its chosen stream, even from an older copy of the item', () => {
		expect(mediaForVideo(bili(), choice)).toMatchObject({
			url: `${MANIFEST}?codecs=avc`,
			format: 'dash',
			id: 'bilibili:BV1y7411Q7Eq:p1',
		});
	});

	it('leaves direct media and other items alone', () => {
		expect(mediaForVideo(MEDIA, choice)).toBe(MEDIA);
		const other = bili(NATIVE, { id: 'bilibili:BV17x411w7KC:p2' });
		expect(mediaForVideo(other, choice)).toBe(other);
		expect(mediaForVideo(bili(NATIVE), null).url).toBe(bili().url);
	});
});

describe('SourcedVideoAdapter', () => {
	beforeEach(() => {
		vi.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => undefined);
		vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
	});
	afterEach(() => vi.restoreAllMocks());

	it('hands dash.js the manifest with codecs for a native item', async () => {
		const video = document.createElement('video');
		const initialize = vi.fn();
		const player = { updateSettings: vi.fn(), on: vi.fn(), initialize, destroy: vi.fn() };
		const adapter = new SourcedVideoAdapter(
			video,
			() => choosePlayer(bili(NATIVE), { families: ['avc'] }),
			{
				loadHls: () => Promise.reject(new Error('not used')),
				loadDash: () =>
					Promise.resolve({
						MediaPlayer: (() => ({ create: () => player })) as never,
					}),
			},
		);
		const load = adapter.load(bili(), { startMs: 3000 });
		await vi.waitFor(() => expect(initialize).toHaveBeenCalled());
		expect(initialize).toHaveBeenCalledWith(video, `${MANIFEST}?codecs=avc`, false, 3);
		video.dispatchEvent(new Event('loadedmetadata'));
		await load;
		adapter.destroy();
	});

	it('opens the proxied MP4 progressively for an mp4 item', async () => {
		const video = document.createElement('video');
		const playback: MediaPlayback = { mode: 'mp4', reason: 'no_dash', mp4Url: MP4 };
		const adapter = new SourcedVideoAdapter(video, () =>
			choosePlayer(bili(playback), { families: ['avc'] }),
		);
		const load = adapter.load(bili(playback), { startMs: 0 });
		expect(video.getAttribute('src')).toBe(MP4);
		video.dispatchEvent(new Event('loadedmetadata'));
		await load;
		adapter.destroy();
	});
});
