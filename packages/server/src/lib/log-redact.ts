/**
 * What the logs may say about a request. The signed tokens in `/api/bili/…` URLs are capabilities
 * (a token plus a session streams through our proxy), so logs carry a short hash of each instead:
 * enough to tell requests for the same stream apart, useless to replay. Cookies, authorization
 * headers and bodies are never serialized at all.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** A short, stable, non-reversible tag for a secret-ish value (12 base64url characters). */
export function shortHash(value: string): string {
	return createHash('sha256').update(value).digest('base64url').slice(0, 12);
}

const TOKEN_PATH = /^(\/api\/bili\/(?:manifest|media|danmaku)\/)([^/?#]+)/;

/** The URL with a Bilibili token replaced by `~<hash>`. */
export function redactUrl(url: string): string {
	return url.replace(TOKEN_PATH, (_all, prefix: string, token: string) => {
		return `${prefix}~${shortHash(token)}`;
	});
}

/** The request as logs show it (Fastify's default fields, with the URL redacted). */
export function serializeRequest(request: FastifyRequest) {
	return {
		method: request.method,
		url: redactUrl(request.url),
		host: request.host,
		remoteAddress: request.ip,
		remotePort: request.socket?.remotePort,
	};
}
