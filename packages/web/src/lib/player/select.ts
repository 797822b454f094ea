import {
	BilibiliReason,
	probeCodecFamilies,
	type CodecFamily,
	type Media,
	type PlaybackMode,
} from '@videotogether/shared';

/**
 * Which player shows a media item, and on what. Direct media plays in our own `<video>`. A
 * Bilibili item follows the server's ladder (`media.playback`): `native` is DASH through our
 * proxy (the same-origin MPD, asking for the codec families this browser's MediaSource plays),
 * `mp4` the proxied progressive file, `embed` (or no `playback` yet: still resolving) the official
 * embed. This browser may step down further on its own: no MediaSource (no codec family) skips
 * native, and a mode that failed here is not tried again for the same item.
 */

/** Why this browser plays lower than the server offered (besides the server's reasons). */
export const LocalReason = {
	/** Our player could not open or play the stream here. */
	PLAYBACK_FAILED: 'playback_failed',
} as const;
export type LocalReason = (typeof LocalReason)[keyof typeof LocalReason];

export interface PlayerChoice {
	/** The item this choice is for. */
	mediaId: string;
	/** Our own `<video>`, or Bilibili's embed. */
	kind: 'video' | 'embed';
	/** The Bilibili playback mode used here (null: direct media). */
	mode: PlaybackMode | null;
	/** Why not native: the server's reason code or a local one (null: native, or direct media). */
	reason: string | null;
	/** This browser stepped down from the mode the server chose. */
	local: boolean;
	/** The server has not resolved the item yet (the embed plays meanwhile). */
	resolving: boolean;
	/** What the `<video>` opens (null for the embed). */
	source: { url: string; format?: NonNullable<Media['format']> } | null;
}

export interface ChooseOptions {
	/** Codec families this browser's MediaSource plays (empty: no MediaSource, no native). */
	families: readonly CodecFamily[];
	/** Modes that already failed in this browser for this item. */
	failed?: readonly PlaybackMode[];
}

let probed: CodecFamily[] | null = null;

/** The codec families of this browser's MediaSource (probed once; empty without MSE). */
export function browserCodecFamilies(): CodecFamily[] {
	if (probed === null) {
		const source = (globalThis as { MediaSource?: typeof MediaSource }).MediaSource;
		probed = probeCodecFamilies(
			source && typeof source.isTypeSupported === 'function'
				? source.isTypeSupported.bind(source)
				: null,
		);
	}
	return probed;
}

/** The manifest URL with `codecs=<families>` added to its query. */
export function manifestWithCodecs(manifestUrl: string, families: readonly CodecFamily[]): string {
	const hash = manifestUrl.indexOf('#');
	const base = hash === -1 ? manifestUrl : manifestUrl.slice(0, hash);
	const separator = base.includes('?') ? '&' : '?';
	return `${base}${separator}codecs=${families.join(',')}`;
}

/** The ladder below (and including) the mode the server chose, best first. */
function ladderFrom(mode: PlaybackMode): PlaybackMode[] {
	if (mode === 'native') return ['native', 'mp4', 'embed'];
	if (mode === 'mp4') return ['mp4', 'embed'];
	return ['embed'];
}

/** Picks the player for `media` (null: nothing to show). */
export function choosePlayer(media: Media | null, options: ChooseOptions): PlayerChoice | null {
	if (media === null) return null;
	if (media.kind === 'direct') {
		return {
			mediaId: media.id,
			kind: 'video',
			mode: null,
			reason: null,
			local: false,
			resolving: false,
			source: media.format ? { url: media.url, format: media.format } : { url: media.url },
		};
	}
	const playback = media.playback;
	const embed = (reason: string | null, local: boolean, resolving = false): PlayerChoice | null =>
		media.embedUrl
			? {
					mediaId: media.id,
					kind: 'embed',
					mode: 'embed',
					reason,
					local,
					resolving,
					source: null,
				}
			: null;
	if (playback === undefined) return embed(null, false, true);
	const failed = options.failed ?? [];
	let localReason: string | null = null;
	for (const mode of ladderFrom(playback.mode)) {
		const local = mode !== playback.mode;
		if (failed.includes(mode)) {
			localReason = LocalReason.PLAYBACK_FAILED;
			continue;
		}
		if (mode === 'native') {
			if (!playback.manifestUrl) continue;
			if (options.families.length === 0) {
				localReason = BilibiliReason.NO_CODEC;
				continue;
			}
			return {
				mediaId: media.id,
				kind: 'video',
				mode,
				reason: null,
				local,
				resolving: false,
				source: { url: manifestWithCodecs(playback.manifestUrl, options.families), format: 'dash' },
			};
		}
		const reason = local ? (localReason ?? playback.reason) : playback.reason;
		if (mode === 'mp4') {
			if (!playback.mp4Url) continue;
			return {
				mediaId: media.id,
				kind: 'video',
				mode,
				reason,
				local,
				resolving: false,
				source: { url: playback.mp4Url, format: 'mp4' },
			};
		}
		return embed(reason, local);
	}
	return null;
}

/**
 * The media as our `<video>` must open it: a Bilibili item becomes the chosen stream (the sync
 * controller may hand over an older state's copy of the item: same id, same stream).
 */
export function mediaForVideo(media: Media, choice: PlayerChoice | null): Media {
	if (media.kind !== 'bilibili' || choice === null || choice.mediaId !== media.id) return media;
	if (choice.source === null) return media;
	return { ...media, url: choice.source.url, format: choice.source.format };
}
