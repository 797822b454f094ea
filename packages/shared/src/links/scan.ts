/**
 * Finds link-like pieces in pasted text such as
 * `【标题】 https://www.bilibili.com/video/BV…/?share_source=copy_web 你看这个`.
 *
 * The text is cut into runs of URL characters (ASCII only, so CJK text, full-width punctuation,
 * quotes and angle brackets all act as separators). Each run yields at most one candidate: a URL
 * (with a scheme, protocol-relative, or starting with a host name) or, failing that, a bare id.
 * An id inside a URL is never reported on its own, so `https://evil.com/video/BV…` stays a URL.
 */

/** A piece of the input worth trying. URLs always carry a scheme (`https:` is added if missing). */
export type Candidate = { kind: 'url'; text: string } | { kind: 'id'; text: string };

const RUN_RE = /[A-Za-z0-9\-._~:/?#[\]@!$&()*+,;=%]+/g;
const LEADING_PUNCT_RE = /^[([{*!,.;:]+/;
const TRAILING_PUNCT_RE = /[)\]}*!,.;:?]+$/;
const SCHEME_CHAR_RE = /[a-z0-9+.-]/i;
const LETTER_RE = /[a-z]/i;
/** A run that starts with a host name: labels, a letters-only TLD, optional port, then a path. */
const HOST_LED_RE = /^(?:[a-z0-9-]+\.)+[a-z]{2,}\.?(?::\d{1,5})?(?:[/?#]|$)/i;
/** Bare ids; validated later, so `BV` takes any alphanumerics here to report bad ones. */
const ID_RE = /(?<![a-z0-9])(?:bv[0-9a-z]+|av\d+|ep\d+|ss\d+|md\d+)(?![a-z0-9])/i;

/**
 * The URL in a run containing `scheme://…` or `//…` (`src=//player…` from pasted embed code),
 * with `https:` added when it has no scheme. Scans by hand to stay linear on long runs.
 */
function urlInRun(run: string): string | null {
	const slashes = run.indexOf('//');
	if (slashes === -1) return null;
	let start = slashes;
	if (run[slashes - 1] === ':') {
		let i = slashes - 1;
		while (i > 0 && SCHEME_CHAR_RE.test(run[i - 1] as string)) i--;
		while (i < slashes - 1 && !LETTER_RE.test(run[i] as string)) i++;
		if (i < slashes - 1) start = i;
	}
	return start === slashes ? `https:${run.slice(slashes)}` : run.slice(start);
}

/**
 * Returns the candidates in `text` in order of appearance.
 */
export function findCandidates(text: string): Candidate[] {
	const found: Candidate[] = [];
	for (const match of text.matchAll(RUN_RE)) {
		const run = match[0].replace(LEADING_PUNCT_RE, '').replace(TRAILING_PUNCT_RE, '');
		if (run === '') continue;
		const url = urlInRun(run);
		if (url !== null) {
			found.push({ kind: 'url', text: url });
			continue;
		}
		if (HOST_LED_RE.test(run)) {
			found.push({ kind: 'url', text: `https://${run}` });
			continue;
		}
		const id = ID_RE.exec(run);
		if (id) found.push({ kind: 'id', text: id[0] });
	}
	return found;
}
