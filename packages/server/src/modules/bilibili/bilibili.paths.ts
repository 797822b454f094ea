/** URL shapes of the Bilibili routes (same origin as the SPA, behind the login gate). */

export const BILI_PREFIX = '/api/bili';

/** `/api/bili/manifest/<token>.mpd` — a static on-demand MPD; `?codecs=avc,hevc` picks the family. */
export const manifestPath = (token: string): string => `${BILI_PREFIX}/manifest/${token}.mpd`;

/** `/api/bili/media/<token>` — Range-forwarding proxy of one stream (GET and HEAD). */
export const mediaPath = (token: string): string => `${BILI_PREFIX}/media/${token}`;

/** `/api/bili/danmaku/<token>` — the part's danmaku as JSON. */
export const danmakuPath = (token: string): string => `${BILI_PREFIX}/danmaku/${token}`;
