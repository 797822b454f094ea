import type { AuthOptions, LoginBody, LoginOk, SessionUser } from '@videotogether/shared';
import { api, type HttpResult } from '../api/http.js';

/** The two login forms: shared password (+ display name) or personal account. */
export type LoginMode = 'shared' | 'account';

export type SessionPhase = 'unknown' | 'authenticated' | 'anonymous';

/** Who is logged in, which login forms the server offers, and the login/logout calls. */
export class SessionState {
	#user = $state.raw<SessionUser | null>(null);
	#phase = $state<SessionPhase>('unknown');
	#options = $state.raw<AuthOptions | null>(null);

	get user(): SessionUser | null {
		return this.#user;
	}
	get phase(): SessionPhase {
		return this.#phase;
	}
	get options(): AuthOptions | null {
		return this.#options;
	}

	/** Asks the server who we are (`GET /api/session`). */
	async refresh(): Promise<boolean> {
		const result = await api.session();
		this.#set(result.ok ? result.data.user : null);
		return result.ok;
	}

	async loadOptions(): Promise<HttpResult<AuthOptions>> {
		const result = await api.authOptions();
		if (result.ok) this.#options = result.data;
		return result;
	}

	async login(body: LoginBody): Promise<HttpResult<LoginOk>> {
		const result = await api.login(body);
		if (result.ok) this.#set(result.data.user);
		return result;
	}

	async logout(): Promise<void> {
		await api.logout();
		this.#set(null);
	}

	/** Forget the user locally (the server told us the session is gone). */
	clear(): void {
		this.#set(null);
	}

	#set(user: SessionUser | null): void {
		this.#user = user;
		this.#phase = user === null ? 'anonymous' : 'authenticated';
	}
}

export const session = new SessionState();
