import { BiliDanmakuFeed } from '../danmaku/bili-feed.svelte.js';
import { danmaku } from './danmaku.svelte.js';
import { playbackChoice } from './playback-choice.svelte.js';
import { preferences } from './preferences.svelte.js';
import { room } from './room.svelte.js';

/** The room's Bilibili danmaku, fed to the stage by our own player's media time. */
export const biliDanmaku = new BiliDanmakuFeed({
	position: () => (playbackChoice.current?.kind === 'video' ? room.sync.mediaMs() : null),
	add: (input) => danmaku.add(input),
	waiting: () => danmaku.waiting,
	density: () => preferences.danmakuDensity,
	reducedMotion: () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
});
