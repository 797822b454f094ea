/**
 * Small helpers shared by the routes: Bilibili's JSON envelope, the risk-control 412 page,
 * single-valued query access and cookie reading.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A `{code, message, ttl, data}` envelope. */
export interface Envelope {
	code: number;
	message: string;
	ttl: number;
	data?: unknown;
}

/** Success envelope. */
export function ok(data: unknown, message = '0'): Envelope {
	return { code: 0, message, ttl: 1, data };
}

/** Error envelope (HTTP stays 200, as upstream does). `data` is omitted unless given. */
export function fail(code: number, message: string, data?: unknown): Envelope {
	return data === undefined ? { code, message, ttl: 1 } : { code, message, ttl: 1, data };
}

/** Body of an HTTP 412 from risk control (an HTML page, not JSON). */
export const RISK_412_HTML =
	'<!DOCTYPE html><html><head><meta charset="utf-8"><title>412 Precondition Failed</title></head>' +
	'<body><h1>412 Precondition Failed</h1><p>由于触发哔哩哔哩安全风控策略，该次访问请求被拒绝。</p>' +
	'<p>The request is rejected by the security policy.</p></body></html>';

/** Sends the risk-control 412 page. */
export function sendRisk412(reply: FastifyReply): FastifyReply {
	return reply.code(412).type('text/html; charset=utf-8').send(RISK_412_HTML);
}

/** The query as single strings (first value wins for repeated keys). */
export function queryOf(req: FastifyRequest): Record<string, string> {
	const out: Record<string, string> = {};
	const raw = (req.query ?? {}) as Record<string, string | string[] | undefined>;
	for (const [key, value] of Object.entries(raw)) {
		const v = Array.isArray(value) ? value[0] : value;
		if (v !== undefined) out[key] = v;
	}
	return out;
}

/** A positive integer query value, or undefined. */
export function intParam(value: string | undefined): number | undefined {
	if (value === undefined || !/^\d{1,16}$/.test(value)) return undefined;
	return Number(value);
}

/** Reads one cookie from the Cookie header. */
export function cookie(req: FastifyRequest, name: string): string | undefined {
	for (const part of (req.headers.cookie ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
	}
	return undefined;
}

/** The Host the request came in on (`localhost:80` under inject). */
export function hostOf(req: FastifyRequest): string {
	return req.headers.host ?? 'localhost';
}
