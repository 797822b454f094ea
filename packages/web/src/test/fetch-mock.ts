import { vi } from 'vitest';

export type Reply =
	{ status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;
type Route = (init: RequestInit | undefined) => Reply;

/**
 * Stubs global `fetch` with a table of `'METHOD /path'` → reply. Unknown routes answer 404.
 * Returns the mock so tests can inspect calls.
 */
export function mockFetch(routes: Record<string, Route>) {
	const mock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const path =
			typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
		const route = routes[`${init?.method ?? 'GET'} ${path}`];
		if (!route) return json(404, { ok: false, error: 'not_found' });
		const reply = await route(init);
		return json(reply.status ?? 200, reply.body);
	});
	vi.stubGlobal('fetch', mock);
	return mock;
}

function json(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json' },
	});
}
