import { loginUrl, sanitizeNext } from './router/routes.js';
import { router } from './router/router.svelte.js';
import { room } from './state/room.svelte.js';
import { session } from './state/session.svelte.js';

/**
 * The app's flows across session, room and router (kept out of components). Start: ask who we
 * are, then either join the room or go to the login page.
 */
export async function startApp(): Promise<void> {
	room.onUnauthorized = sessionExpired;
	const loggedIn = await session.refresh();
	if (loggedIn) {
		room.connect();
		if (router.route.name === 'login') {
			router.navigate(sanitizeNext(router.query('next')), { replace: true });
		}
	} else if (router.route.name === 'room') {
		router.navigate(loginUrl(router.path), { replace: true });
	}
}

/** After a successful login: join the room and go where the user was headed. */
export function enterAfterLogin(next: string | null): void {
	room.connect();
	router.navigate(sanitizeNext(next), { replace: true });
}

export async function logOut(): Promise<void> {
	room.disconnect();
	await session.logout();
	router.navigate('/login');
}

function sessionExpired(): void {
	session.clear();
	if (router.route.name === 'room') router.navigate(loginUrl(router.path), { replace: true });
}
