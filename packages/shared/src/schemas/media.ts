import { Type, type Static } from 'typebox';

/** What the room is watching. The resolver (another layer) adds playback modes later. */
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
