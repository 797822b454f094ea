/** Pure link parsing: Bilibili links and ids, av ↔ BV, embed URLs, direct media links. */
export { avToBv, bvToAv, isBvid, isValidAid, MAX_AID, normalizeBvid } from './bvid.js';
export { parseBilibiliLink, type BilibiliRef } from './bilibili.js';
export { bilibiliMediaId, canonicalBilibiliUrl } from './canonical.js';
export { parseDirectMediaLink, type DirectMediaFormat, type DirectMediaRef } from './direct.js';
export { buildEmbedUrl, EMBED_BASE, type EmbedOptions } from './embed.js';
export { LinkError, MAX_LINK_INPUT_LENGTH, type ParseResult } from './result.js';
