import type {
	AuthOptions,
	ChatHistory,
	ControlMode,
	LoginBody,
	LoginOk,
	RoomSummary,
	SessionInfo,
	VideoOk,
} from '@videotogether/shared';

/** A failed call: the server's `{ok:false, error, message}` or `network` when nothing came back. */
export interface HttpFailure {
	ok: false;
	/** HTTP status; 0 when the request never got an answer. */
	status: number;
	error: string;
	message?: string;
	retryAfterS?: number;
}
export type HttpResult<T> = { ok: true; data: T } | HttpFailure;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function failure(status: number, body: unknown): HttpFailure {
	const result: HttpFailure = { ok: false, status, error: status >= 500 ? 'internal' : 'unknown' };
	if (status === 401) result.error = 'unauthorized';
	if (status === 429) result.error = 'rate_limited';
	if (isRecord(body)) {
		if (typeof body.error === 'string') result.error = body.error;
		if (typeof body.message === 'string') result.message = body.message;
		if (typeof body.retry_after_s === 'number') result.retryAfterS = body.retry_after_s;
	}
	return result;
}

/**
 * Same-origin JSON request. Never throws: HTTP errors come back as `{ok:false}` with the server's
 * code, and a failed connection as `{ok:false, status:0, error:'network'}`.
 */
export async function request<T>(
	method: 'GET' | 'POST' | 'DELETE',
	path: string,
	body?: unknown,
): Promise<HttpResult<T>> {
	let response: Response;
	// No content-type without a body: the server refuses an empty JSON body.
	const headers: Record<string, string> = { accept: 'application/json' };
	if (body !== undefined) headers['content-type'] = 'application/json';
	try {
		response = await fetch(path, {
			method,
			credentials: 'same-origin',
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	} catch {
		return { ok: false, status: 0, error: 'network' };
	}
	const json: unknown = await response.json().catch(() => null);
	if (!response.ok || (isRecord(json) && json.ok === false)) return failure(response.status, json);
	return { ok: true, data: json as T };
}

export const api = {
	authOptions: () => request<AuthOptions>('GET', '/api/auth/options'),
	session: () => request<SessionInfo>('GET', '/api/session'),
	login: (body: LoginBody) => request<LoginOk>('POST', '/login', body),
	logout: () => request<{ ok: true }>('POST', '/logout', {}),
	loadVideo: (url: string) => request<VideoOk>('POST', '/video', { url }),
	rooms: () => request<{ ok: true; rooms: RoomSummary[] }>('GET', '/api/rooms'),
	createRoom: (name: string, controlMode: ControlMode) =>
		request<{ ok: true; room: RoomSummary }>('POST', '/api/rooms', { name, controlMode }),
	deleteRoom: (id: string) =>
		request<{ ok: true }>('DELETE', `/api/rooms/${encodeURIComponent(id)}`),
	chatHistory: (query: { room: string; before?: string; limit?: number }) => {
		const params = new URLSearchParams({ room: query.room });
		if (query.limit !== undefined) params.set('limit', String(query.limit));
		if (query.before !== undefined) params.set('before', query.before);
		return request<ChatHistory>('GET', `/api/chat/history?${params.toString()}`);
	},
};
