/**
 * The HTTP plumbing every upstream call shares: browser-like headers (docs: bilibili-upstream.md
 * §9), time limits through AbortSignal, a byte limit on bodies we read, and a per-host
 * concurrency cap so we never burst at Bilibili. Redirects are never followed here.
 */

/** `fetch`, injectable (tests wrap it to watch or break upstream traffic). */
export type FetchFn = typeof fetch;

/** A current desktop Chrome; an empty or bot UA draws −401 (§9). */
export const BROWSER_UA =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const BILIBILI_REFERER = 'https://www.bilibili.com/';
export const BILIBILI_ORIGIN = 'https://www.bilibili.com';

/** Headers of a page script on www.bilibili.com; `extra` wins. */
export function browserHeaders(extra: Record<string, string> = {}): Record<string, string> {
	return {
		'user-agent': BROWSER_UA,
		referer: BILIBILI_REFERER,
		origin: BILIBILI_ORIGIN,
		accept: 'application/json, text/plain, */*',
		'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8',
		...extra,
	};
}

/** Why an upstream exchange produced no usable HTTP answer. */
export type UpstreamErrorKind = 'timeout' | 'network' | 'too_large' | 'aborted';

export class UpstreamError extends Error {
	constructor(
		readonly kind: UpstreamErrorKind,
		message: string,
	) {
		super(message);
		this.name = 'UpstreamError';
	}
}

/** A signal that fires after `ms`, or when `external` fires. */
export function deadlineSignal(ms: number, external?: AbortSignal): AbortSignal {
	const timeout = AbortSignal.timeout(ms);
	return external ? AbortSignal.any([timeout, external]) : timeout;
}

/** Maps whatever fetch or a body read threw to an {@link UpstreamError}. */
export function toUpstreamError(error: unknown, signal?: AbortSignal): UpstreamError {
	if (error instanceof UpstreamError) return error;
	const reason: unknown = signal?.aborted ? signal.reason : undefined;
	const name = (reason instanceof Error ? reason : error) as { name?: string } | undefined;
	if (name?.name === 'TimeoutError') return new UpstreamError('timeout', 'upstream timed out');
	if (signal?.aborted || name?.name === 'AbortError') {
		return new UpstreamError('aborted', 'upstream request aborted');
	}
	const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
	return new UpstreamError('network', `upstream unreachable${cause ? ` (${cause})` : ''}`);
}

/** Reads a body, failing with `too_large` past `maxBytes` (counted after decoding). */
export async function readBody(res: Response, maxBytes: number): Promise<Uint8Array> {
	if (!res.body) return new Uint8Array();
	const declared = Number(res.headers.get('content-length') ?? NaN);
	if (declared > maxBytes) {
		await res.body.cancel().catch(() => {});
		throw new UpstreamError('too_large', `upstream body of ${declared} bytes`);
	}
	const reader = res.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > maxBytes) {
			await reader.cancel().catch(() => {});
			throw new UpstreamError('too_large', `upstream body over ${maxBytes} bytes`);
		}
		chunks.push(value);
	}
	const out = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return out;
}

/** Runs at most `max` tasks per host at once; the rest wait in FIFO order. */
export class HostLimiter {
	readonly #active = new Map<string, number>();
	readonly #waiting = new Map<string, (() => void)[]>();

	constructor(private readonly max: number) {}

	async run<T>(host: string, task: () => Promise<T>): Promise<T> {
		await this.#acquire(host);
		try {
			return await task();
		} finally {
			this.#release(host);
		}
	}

	async #acquire(host: string): Promise<void> {
		const active = this.#active.get(host) ?? 0;
		if (active < this.max) {
			this.#active.set(host, active + 1);
			return;
		}
		await new Promise<void>((resolve) => {
			const queue = this.#waiting.get(host) ?? [];
			queue.push(resolve);
			this.#waiting.set(host, queue);
		});
	}

	#release(host: string): void {
		const next = this.#waiting.get(host)?.shift();
		if (next) return next(); // the slot passes straight to the next task
		if (this.#waiting.get(host)?.length === 0) this.#waiting.delete(host);
		const active = (this.#active.get(host) ?? 1) - 1;
		if (active <= 0) this.#active.delete(host);
		else this.#active.set(host, active);
	}
}
