/**
 * Opaque, HMAC-signed URL tokens for the manifest, media and danmaku routes. A token names WHAT
 * to serve — (video key, part cid, stream id/kind, codec families) — never an upstream URL or
 * host, so no token can point the proxy anywhere Bilibili's own answer does not. A changed
 * character anywhere fails verification (the routes then answer 404).
 *
 * Format: `<fields joined by '-'>.<base64url HMAC-SHA256, 16 bytes>`, URL-path safe.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CODEC_FAMILIES, type CodecFamily } from '@videotogether/shared';

/** The part a token refers to: a UGC video by BV id or a bangumi episode by ep id, plus its cid. */
export type PartKey =
	{ src: 'ugc'; bvid: string; cid: number } | { src: 'pgc'; epId: number; cid: number };

/** What a media token streams: a DASH stream (id + codecid), or the progressive MP4. */
export type MediaStream =
	{ kind: 'video'; id: number; codecid: number } | { kind: 'audio'; id: number } | { kind: 'mp4' };

export type TokenPayload =
	| { type: 'manifest'; part: PartKey; families: CodecFamily[] }
	| { type: 'media'; part: PartKey; stream: MediaStream }
	| { type: 'danmaku'; part: PartKey };

const VERSION = 'b1';
const TYPE_LETTER = { manifest: 'm', media: 's', danmaku: 'd' } as const;
const SIG_BYTES = 16;
const BVID_RE = /^BV1[0-9A-Za-z]{9}$/;
const INT_RE = /^[1-9]\d{0,15}$/;
const MAX_TOKEN_LENGTH = 200;

function partFields(part: PartKey): string[] {
	return part.src === 'ugc'
		? ['u', part.bvid, String(part.cid)]
		: ['p', String(part.epId), String(part.cid)];
}

function streamFields(stream: MediaStream): string[] {
	switch (stream.kind) {
		case 'video':
			return ['v', String(stream.id), String(stream.codecid)];
		case 'audio':
			return ['a', String(stream.id)];
		case 'mp4':
			return ['m'];
	}
}

function fieldsOf(payload: TokenPayload): string[] {
	const head = [VERSION, TYPE_LETTER[payload.type], ...partFields(payload.part)];
	switch (payload.type) {
		case 'manifest':
			return [...head, payload.families.join('~') || 'none'];
		case 'media':
			return [...head, ...streamFields(payload.stream)];
		case 'danmaku':
			return head;
	}
}

function intField(value: string | undefined): number | null {
	return value !== undefined && INT_RE.test(value) ? Number(value) : null;
}

function readPart(f: string[]): PartKey | null {
	const cid = intField(f[4]);
	if (cid === null) return null;
	if (f[2] === 'u' && BVID_RE.test(f[3] ?? '')) return { src: 'ugc', bvid: f[3] as string, cid };
	const epId = intField(f[3]);
	return f[2] === 'p' && epId !== null ? { src: 'pgc', epId, cid } : null;
}

function readStream(f: string[]): MediaStream | null {
	const id = intField(f[6]);
	if (f[5] === 'm' && f.length === 6) return { kind: 'mp4' };
	if (f[5] === 'a' && id !== null && f.length === 7) return { kind: 'audio', id };
	const codecid = intField(f[7]);
	if (f[5] === 'v' && id !== null && codecid !== null && f.length === 8) {
		return { kind: 'video', id, codecid };
	}
	return null;
}

function readFamilies(value: string | undefined): CodecFamily[] | null {
	if (value === 'none') return [];
	const list = (value ?? '').split('~');
	return list.every((f) => (CODEC_FAMILIES as readonly string[]).includes(f))
		? (list as CodecFamily[])
		: null;
}

function parseFields(f: string[]): TokenPayload | null {
	if (f[0] !== VERSION) return null;
	const part = readPart(f);
	if (!part) return null;
	if (f[1] === 'd' && f.length === 5) return { type: 'danmaku', part };
	if (f[1] === 'm' && f.length === 6) {
		const families = readFamilies(f[5]);
		return families ? { type: 'manifest', part, families } : null;
	}
	const stream = f[1] === 's' ? readStream(f) : null;
	return stream ? { type: 'media', part, stream } : null;
}

/** Signs and verifies tokens with a key derived from the app secret. */
export class TokenSigner {
	readonly #key: Buffer;

	constructor(secret: string) {
		if (secret.length === 0) throw new Error('TokenSigner needs a non-empty secret');
		// A key of its own, so a token MAC never equals any other use of the app secret.
		this.#key = createHash('sha256').update(`videotogether/bilibili-token\0${secret}`).digest();
	}

	#mac(body: string): Buffer {
		return createHmac('sha256', this.#key).update(body).digest().subarray(0, SIG_BYTES);
	}

	sign(payload: TokenPayload): string {
		const body = fieldsOf(payload).join('-');
		return `${body}.${this.#mac(body).toString('base64url')}`;
	}

	/** The payload of a genuine token, or null for anything forged, altered or malformed. */
	verify(token: string): TokenPayload | null {
		if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
		const dot = token.lastIndexOf('.');
		if (dot <= 0) return null;
		const body = token.slice(0, dot);
		const given = Buffer.from(token.slice(dot + 1), 'base64url');
		const expected = this.#mac(body);
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
		if (token.slice(dot + 1) !== given.toString('base64url')) return null;
		return parseFields(body.split('-'));
	}
}
