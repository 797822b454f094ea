/** Public surface of the fake Bilibili upstream. */
export {
	buildFakeBilibili,
	start,
	type FakeBilibili,
	type FakeBilibiliOptions,
	type FakeControls,
	type RunningFake,
} from './app.js';
export { avToBv, bvToAv, isBvid } from './bvid.js';
export { DmSegMobileReply, danmakuFor } from './danmaku.js';
export * as fixtures from './fixtures.js';
export {
	DEFAULT_MEDIA_DIR,
	ensureMedia,
	loadMedia,
	segmentBaseRanges,
	topLevelBoxes,
	type DashStream,
	type MediaCatalog,
} from './media.js';
export { DM_IMG_PARAMS } from './routes/playurl.js';
export type { FakeMode, ModeOptions, RouteGroup, StreamBases } from './state.js';
export { KNOWN_WBI_KEYS, mixinKey, signWbi, type WbiKeys } from './wbi.js';
