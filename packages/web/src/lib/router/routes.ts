import { DEFAULT_ROOM_ID } from '@videotogether/shared';

export type Route =
	{ name: 'login' } | { name: 'rooms' } | { name: 'room'; roomId: string } | { name: 'notFound' };

const ROOM_PATH = /^\/r\/([a-z0-9][a-z0-9-]{0,39})\/?$/;

/** Maps a pathname to a page. `/` is the default room; `/r/:id` names a room; `/rooms` lists them. */
export function matchRoute(pathname: string): Route {
	if (pathname === '/login' || pathname === '/login/') return { name: 'login' };
	if (pathname === '/rooms' || pathname === '/rooms/') return { name: 'rooms' };
	if (pathname === '/') return { name: 'room', roomId: DEFAULT_ROOM_ID };
	const room = ROOM_PATH.exec(pathname);
	if (room?.[1] !== undefined) return { name: 'room', roomId: room[1] };
	return { name: 'notFound' };
}

/** The page of a room: `/` for the default room, `/r/<id>` for the others. */
export function roomPath(roomId: string): string {
	return roomId === DEFAULT_ROOM_ID ? '/' : `/r/${roomId}`;
}

/** Does this page need a logged-in user? */
export function needsSession(route: Route): boolean {
	return route.name === 'room' || route.name === 'rooms';
}

function hasControlOrSpace(text: string): boolean {
	for (let i = 0; i < text.length; i += 1) {
		const code = text.charCodeAt(i);
		if (code <= 0x20 || code === 0x7f) return true;
	}
	return false;
}

/** One query parameter of a `?a=b` search string (null when absent). */
export function queryParam(search: string, name: string): string | null {
	return new URLSearchParams(search).get(name);
}

const SAFE_BASE = 'http://videotogether.invalid';

/**
 * Where to go after login: only a same-origin path (`/…`, not `//…` or `/\…`), never back to
 * the login page itself. Anything else becomes `/`.
 */
export function sanitizeNext(next: string | null | undefined): string {
	if (typeof next !== 'string' || !next.startsWith('/')) return '/';
	if (next.startsWith('//') || next.startsWith('/\\')) return '/';
	// Control characters and whitespace can smuggle a scheme or host past the checks above.
	if (hasControlOrSpace(next)) return '/';
	let url: URL;
	try {
		url = new URL(next, SAFE_BASE);
	} catch {
		return '/';
	}
	if (url.origin !== SAFE_BASE) return '/';
	if (matchRoute(url.pathname).name === 'login') return '/';
	return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page URL that comes back to `path` afterwards. */
export function loginUrl(path: string): string {
	const next = sanitizeNext(path);
	return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
