/**
 * HTTP `Range` header parsing for a single byte range, pure (RFC 9110 §14). Multiple ranges are
 * not supported by the fake CDN; like many CDNs it then ignores the header and sends the whole
 * file.
 */

/** Outcome of applying a Range header to a resource of `size` bytes. */
export type RangeResult =
	{ kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/** Interprets `header` against a resource of `size` bytes (end is inclusive). */
export function parseRange(header: string | undefined, size: number): RangeResult {
	if (header === undefined) return { kind: 'full' };
	const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
	if (!m) return { kind: 'full' }; // malformed or multi-range: ignore (allowed by the RFC)
	const [, first = '', last = ''] = m;
	if (first === '' && last === '') return { kind: 'full' };
	if (first === '') {
		const suffix = Number(last);
		if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
		return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
	}
	const start = Number(first);
	if (start >= size) return { kind: 'unsatisfiable' };
	const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
	if (end < start) return { kind: 'full' }; // syntactically invalid: ignore
	return { kind: 'partial', start, end };
}
