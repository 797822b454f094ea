/**
 * The server-side Bilibili pipeline: config, resolver + playback ladder, short links, MPD
 * builder, media proxy, danmaku. Wire-up: `parseBilibiliEnv` in config.ts, one
 * `BilibiliService` per process, `bilibiliRoutes` registered after the auth gate.
 */
export {
	DEFAULT_BILIBILI_CONFIG,
	parseBilibiliEnv,
	type BilibiliConfig,
	type PlaybackSetting,
} from './bilibili.config.js';
export { BilibiliError } from './bilibili.errors.js';
export { BILI_PREFIX, danmakuPath, manifestPath, mediaPath } from './bilibili.paths.js';
export {
	toPublicResolved,
	type PlaybackMode,
	type ResolveOptions,
	type ResolvedBilibili,
} from './bilibili.resolver.js';
export { bilibiliRoutes, type BilibiliRoutesOptions } from './bilibili.routes.js';
export {
	BilibiliService,
	type BilibiliLog,
	type BilibiliServiceOptions,
	type DanmakuReply,
} from './bilibili.service.js';
export type { ResolvedRef } from './bilibili.target.js';
export type { DanmakuEntry } from './danmaku.parse.js';
export { DEFAULT_PROXY_LIMITS, type ProxyLimits } from './media-proxy.js';
