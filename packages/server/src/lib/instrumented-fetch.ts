/** `fetch` that counts every upstream (Bilibili) request by endpoint and outcome for /metrics. */
import type { Metrics } from './metrics.js';

/** A coarse endpoint name from an upstream URL (bounded label cardinality). */
export function upstreamEndpoint(url: URL): string {
	const path = url.pathname;
	if (path.includes('/playurl')) return path.includes('/pgc/') ? 'pgc_playurl' : 'playurl';
	if (path.includes('/web-interface/view') || path.includes('/wbi/view')) return 'view';
	if (path.includes('/web-interface/nav')) return 'nav';
	if (path.includes('/pagelist')) return 'pagelist';
	if (path.includes('/pgc/view')) return 'season';
	if (path.includes('/dm/')) return 'danmaku';
	if (path.includes('/finger/') || path.includes('getbuvid')) return 'fingerprint';
	if (/\.(m4s|mp4|flv)$/.test(path)) return 'cdn';
	return 'other';
}

export function instrumentedFetch(metrics: Metrics, base: typeof fetch = fetch): typeof fetch {
	return async (input, init) => {
		const raw = input instanceof Request ? input.url : String(input);
		const endpoint = URL.canParse(raw) ? upstreamEndpoint(new URL(raw)) : 'other';
		try {
			const res = await base(input, init);
			metrics.upstream.inc({ endpoint, outcome: res.status < 400 ? 'ok' : `http_${res.status}` });
			return res;
		} catch (error) {
			const aborted =
				(error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError';
			metrics.upstream.inc({ endpoint, outcome: aborted ? 'timeout' : 'network_error' });
			throw error;
		}
	};
}
