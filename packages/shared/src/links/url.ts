/**
 * Typed access to the WHATWG `URL` global.
 *
 * `@videotogether/shared` compiles with neither the DOM lib nor `@types/node`, so `URL` has no
 * declaration here. Both Node and browsers provide it at run time; this module describes the small
 * subset we use, without declaring globals that would clash with DOM or Node typings elsewhere.
 */

/** The part of `URLSearchParams` the parsers read. */
export interface SearchParams {
	get(name: string): string | null;
	has(name: string): boolean;
}

/** The part of a WHATWG `URL` the parsers read. */
export interface ParsedUrl {
	readonly href: string;
	readonly protocol: string;
	readonly username: string;
	readonly password: string;
	readonly hostname: string;
	readonly pathname: string;
	readonly searchParams: SearchParams;
}

type UrlConstructor = new (input: string) => ParsedUrl;

/**
 * Parses an absolute URL with the platform's WHATWG parser.
 *
 * @returns the URL, or `null` when the text is not an absolute URL.
 */
export function tryParseUrl(text: string): ParsedUrl | null {
	const Url = (globalThis as unknown as { URL: UrlConstructor }).URL;
	try {
		return new Url(text);
	} catch {
		return null;
	}
}
