import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DanmakuInput } from '../state/danmaku.svelte.js';
import { BiliDanmakuFeed, FEED_MAX_WAITING, FEED_TICK_MS } from './bili-feed.svelte.js';
import type { DanmakuDensity } from './lanes.js';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

const POOL = {
	cid: 279786,
	entries: [
		{ timeMs: 1000, mode: 1, size: 25, color: 0xffffff, text: 'one' },
		{ timeMs: 2000, mode: 5, size: 25, color: 0xfe0302, text: 'two (top, red)' },
		{ timeMs: 3000, mode: 4, size: 25, color: 0xffffff, text: 'three (bottom)' },
		{ timeMs: 8000, mode: 1, size: 25, color: 0xffffff, text: 'eight' },
	],
};

function setup(options: { fail?: boolean; reducedMotion?: boolean } = {}) {
	let position: number | null = 0;
	let waiting = 0;
	const density: DanmakuDensity = 'normal';
	const added: DanmakuInput[] = [];
	const fetch = vi.fn((url: string) => {
		void url;
		return Promise.resolve({
			ok: !options.fail,
			json: () => Promise.resolve(POOL),
		});
	});
	const feed = new BiliDanmakuFeed({
		fetch,
		position: () => position,
		add: (input) => {
			added.push(input);
			return true;
		},
		waiting: () => waiting,
		density: () => density,
		reducedMotion: () => options.reducedMotion ?? false,
	});
	/** The video plays (or not) for `ms`, looked at every tick. */
	const play = async (ms: number, playing = true) => {
		for (let t = 0; t < ms; t += FEED_TICK_MS) {
			if (playing && position !== null) position += FEED_TICK_MS;
			await vi.advanceTimersByTimeAsync(FEED_TICK_MS);
		}
	};
	return {
		feed,
		fetch,
		added,
		play,
		setPosition: (ms: number | null) => (position = ms),
		setWaiting: (n: number) => (waiting = n),
	};
}

describe('BiliDanmakuFeed', () => {
	it('fetches the pool once and adds entries as the video passes them', async () => {
		const { feed, fetch, added, play } = setup();
		feed.follow('/api/bili/danmaku/a');
		expect(feed.state).toBe('loading');
		await vi.advanceTimersByTimeAsync(0);
		expect(feed.state).toBe('ready');
		expect(feed.count).toBe(4);
		await play(3_400);
		expect(added).toEqual([
			{ text: 'one', mode: 'scroll' },
			{ text: 'two (top, red)', mode: 'top', color: '#fe0302' },
			{ text: 'three (bottom)', mode: 'bottom' },
		]);
		// Following the same pool again fetches nothing.
		feed.follow('/api/bili/danmaku/a');
		expect(fetch).toHaveBeenCalledTimes(1);
	});

	it('adds nothing while the video is paused, and nothing for a jump', async () => {
		const { feed, added, play, setPosition } = setup();
		feed.follow('/api/bili/danmaku/a');
		await play(600);
		await play(5_000, false);
		expect(added).toEqual([]);
		// A seek to 7.7 s: the entries at 1–3 s are skipped, the one at 8 s comes on time.
		setPosition(7_700);
		await play(400);
		expect(added.map((a) => a.text)).toEqual(['eight']);
	});

	it('starts over when the player reloads (no position)', async () => {
		const { feed, added, play, setPosition } = setup();
		feed.follow('/api/bili/danmaku/a');
		await play(400);
		setPosition(null);
		await play(1_000);
		setPosition(2_700);
		await play(400);
		expect(added.map((a) => a.text)).toEqual(['three (bottom)']);
	});

	it('lets chat go first when the stage has a backlog', async () => {
		const { feed, added, play, setWaiting } = setup();
		feed.follow('/api/bili/danmaku/a');
		setWaiting(FEED_MAX_WAITING);
		await play(3_400);
		expect(added).toEqual([]);
	});

	it('makes scrolling items stand for people who asked for less motion', async () => {
		const { feed, added, play } = setup({ reducedMotion: true });
		feed.follow('/api/bili/danmaku/a');
		await play(1_400);
		expect(added).toEqual([{ text: 'one', mode: 'top' }]);
	});

	it('says when the pool cannot be loaded, and stops when told', async () => {
		const failing = setup({ fail: true });
		failing.feed.follow('/api/bili/danmaku/x');
		await vi.advanceTimersByTimeAsync(0);
		expect(failing.feed.state).toBe('error');

		const { feed, added, play } = setup();
		feed.follow('/api/bili/danmaku/a');
		await play(400);
		feed.follow(null);
		expect(feed.state).toBe('idle');
		await play(3_000);
		expect(added).toEqual([]);
	});

	it('switches pools with the part (each fetched once)', async () => {
		const { feed, fetch, play } = setup();
		feed.follow('/api/bili/danmaku/p1');
		await play(200);
		feed.follow('/api/bili/danmaku/p2');
		await play(200);
		feed.follow('/api/bili/danmaku/p1');
		await play(200);
		expect(fetch.mock.calls.map(([url]) => url)).toEqual([
			'/api/bili/danmaku/p1',
			'/api/bili/danmaku/p2',
		]);
		expect(feed.url).toBe('/api/bili/danmaku/p1');
		expect(feed.state).toBe('ready');
	});
});
