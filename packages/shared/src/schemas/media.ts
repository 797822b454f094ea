import { Type, type Static } from 'typebox';

/** How Bilibili media plays: our own player (DASH through the proxy, or progressive MP4), or the official embed. */
export const PlaybackModeSchema = Type.Union([
	Type.Literal('native'),
	Type.Literal('mp4'),
	Type.Literal('embed'),
]);
export type PlaybackMode = Static<typeof PlaybackModeSchema>;

export const MediaPlaybackSchema = Type.Object({
	mode: PlaybackModeSchema,
	/** Why not native (a `BilibiliReason`), or null. */
	reason: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
	/** Same-origin MPD (native); clients append `?codecs=` with what their MediaSource supports. */
	manifestUrl: Type.Optional(Type.String({ maxLength: 2048 })),
	/** Same-origin progressive MP4 (mp4). */
	mp4Url: Type.Optional(Type.String({ maxLength: 2048 })),
	/** Same-origin JSON of the video's own danmaku. */
	danmakuUrl: Type.Optional(Type.String({ maxLength: 2048 })),
});
export type MediaPlayback = Static<typeof MediaPlaybackSchema>;

export const MediaPartSchema = Type.Object({
	page: Type.Integer({ minimum: 1 }),
	title: Type.String({ maxLength: 512 }),
	durationMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
});
export type MediaPart = Static<typeof MediaPartSchema>;

/** What the room is watching. */
export const MediaSchema = Type.Object({
	/** Stable key for this item: `bilibili:BV…:p2`, `bilibili:ep123`, or the direct URL. */
	id: Type.String({ maxLength: 2048 }),
	kind: Type.Union([Type.Literal('bilibili'), Type.Literal('direct')]),
	/** The canonical link a person would open. */
	url: Type.String({ maxLength: 2048 }),
	/** Container/streaming format of direct media (how the browser player must open it). */
	format: Type.Optional(
		Type.Union([
			Type.Literal('mp4'),
			Type.Literal('webm'),
			Type.Literal('hls'),
			Type.Literal('dash'),
		]),
	),
	/** Bilibili's official embed player URL (loose-sync fallback); absent for direct media. */
	embedUrl: Type.Optional(Type.String({ maxLength: 2048 })),
	title: Type.Optional(Type.String({ maxLength: 512 })),
	/** Known duration, when the source told us. */
	durationMs: Type.Optional(Type.Number({ minimum: 0 })),
	/** How a Bilibili item plays, once the server has resolved it (absent: embed while resolving). */
	playback: Type.Optional(MediaPlaybackSchema),
	/** The video's parts (分P), when it has several. */
	parts: Type.Optional(Type.Array(MediaPartSchema, { maxItems: 1000 })),
	/** Which part this item is (1-based). */
	page: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type Media = Static<typeof MediaSchema>;

/** `POST /video` body (original API). */
export const VideoBodySchema = Type.Object({
	url: Type.String({ maxLength: 4096 }),
});
export type VideoBody = Static<typeof VideoBodySchema>;

/** `POST /video` success (original API, plus the media we set). */
export const VideoOkSchema = Type.Object({
	ok: Type.Literal(true),
	embed_url: Type.String(),
	media: MediaSchema,
});
export type VideoOk = Static<typeof VideoOkSchema>;
