import { loginUrl, needsSession, sanitizeNext } from './router/routes.js';
import { router } from './router/router.svelte.js';
import { danmaku } from './state/danmaku.svelte.js';
import { preferences } from './state/preferences.svelte.js';
import { room } from './state/room.svelte.js';
import { rooms } from './state/rooms.svelte.js';
import { session } from './state/session.svelte.js';

/**
 * The app's flows across session, router, room and room list (kept out of components). The route
 * decides which room this tab is in: a room page joins that room (another room is another
 * socket), every other page leaves it.
 */
export async function startApp(): Promise<void> {
	room.onUnauthorized = sessionExpired;
	room.onClosed = roomClosed;
	room.chat.onLive((message) => {
		if (!preferences.danmaku) return;
		danmaku.add({
			text: message.text,
			// Nothing flies for people who asked for less motion: the text stands at the top.
			mode: prefersReducedMotion() ? 'top' : 'scroll',
			own: message.userId === session.user?.id,
		});
	});
	router.onChange(followRoute);
	const loggedIn = await session.refresh();
	if (loggedIn) {
		if (router.route.name === 'login') {
			router.navigate(sanitizeNext(router.query('next')), { replace: true });
		} else {
			followRoute();
		}
	} else if (needsSession(router.route)) {
		router.navigate(loginUrl(router.path), { replace: true });
	}
}

/** After a successful login: go where the user was headed (and join its room). */
export function enterAfterLogin(next: string | null): void {
	router.navigate(sanitizeNext(next), { replace: true });
}

export async function logOut(): Promise<void> {
	room.disconnect();
	await session.logout();
	router.navigate('/login');
}

/** The host deletes the room they are in: back to the list. */
export async function deleteCurrentRoom(): Promise<{ ok: boolean; error?: string }> {
	const result = await rooms.remove(room.roomId);
	if (!result.ok) return { ok: false, error: result.error };
	rooms.notice = 'deleted';
	router.navigate('/rooms');
	return { ok: true };
}

/** Danmaku on or off (the switch, or the `d` key): off also clears the stage. */
export function toggleDanmaku(on: boolean = !preferences.danmaku): void {
	preferences.danmaku = on;
	if (!on) danmaku.clear();
}

function prefersReducedMotion(): boolean {
	return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** Join the room the page shows, or leave when the page is not a room. */
function followRoute(): void {
	if (session.user === null) return;
	const route = router.route;
	if (route.name === 'room') room.connect(route.roomId);
	else room.disconnect();
	danmaku.clear();
}

function roomClosed(): void {
	rooms.notice = 'closed';
	router.navigate('/rooms');
}

function sessionExpired(): void {
	session.clear();
	if (needsSession(router.route)) router.navigate(loginUrl(router.path), { replace: true });
}
