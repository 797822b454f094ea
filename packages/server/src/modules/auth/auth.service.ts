/**
 * Who may log in: the shared password (with a chosen display name) and/or personal accounts, with
 * brute-force limits per IP and per account. Failures are counted; successes reset the account's
 * counter. Time comes from the injected clock.
 */
import { randomBytes } from 'node:crypto';
import {
	AuthKind,
	DISPLAY_NAME_MAX,
	SlidingWindowLimiter,
	type AuthOptions,
	type LoginBody,
	type SessionUser,
	type WindowRule,
} from '@videotogether/shared';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { constantTimeEqual, verifyPassword, type Account } from './accounts.js';

export interface LoginLimits {
	perIp: WindowRule;
	perAccount: WindowRule;
	/** The shared password is one "account" for everyone; it gets a wider window. */
	sharedPassword: WindowRule;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
	perIp: { limit: 10, windowMs: 10 * 60_000 },
	perAccount: { limit: 10, windowMs: 15 * 60_000 },
	sharedPassword: { limit: 50, windowMs: 10 * 60_000 },
};

/** A stand-in compared against when the user id is unknown, so timing does not reveal ids. */
const DUMMY_PASSWORD = randomBytes(18).toString('base64');

/** Trim, collapse whitespace, drop control characters; null when nothing usable remains. */
export function cleanDisplayName(raw: string | undefined): string | null {
	if (raw === undefined) return null;
	const cleaned = raw
		// eslint-disable-next-line no-control-regex -- stripping control characters is the point
		.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	if (cleaned === '') return null;
	return [...cleaned].slice(0, DISPLAY_NAME_MAX).join('');
}

export interface AuthServiceOptions {
	sharedPassword: string | null;
	accounts: readonly Account[];
	clock: Clock;
	limits?: LoginLimits;
}

export class AuthService {
	readonly #shared: string | null;
	readonly #accounts: Map<string, Account>;
	readonly #clock: Clock;
	readonly #ipLimiter: SlidingWindowLimiter;
	readonly #accountLimiter: SlidingWindowLimiter;
	readonly #sharedLimiter: SlidingWindowLimiter;

	constructor(opts: AuthServiceOptions) {
		const limits = opts.limits ?? DEFAULT_LOGIN_LIMITS;
		this.#shared = opts.sharedPassword;
		this.#accounts = new Map(opts.accounts.map((a) => [a.id, a]));
		this.#clock = opts.clock;
		this.#ipLimiter = new SlidingWindowLimiter(limits.perIp);
		this.#accountLimiter = new SlidingWindowLimiter(limits.perAccount);
		this.#sharedLimiter = new SlidingWindowLimiter(limits.sharedPassword);
	}

	get options(): AuthOptions {
		return { shared: this.#shared !== null, accounts: this.#accounts.size > 0 };
	}

	#throttle(limiter: SlidingWindowLimiter, key: string, now: number): void {
		const decision = limiter.check(key, now);
		if (!decision.allowed) {
			throw new AppError(
				'rate_limited',
				429,
				`Too many failed logins. Try again in ${decision.retryAfterS} s.`,
				{ retry_after_s: decision.retryAfterS },
			);
		}
	}

	/** Check credentials; returns the session user or throws an `AppError` (400/401/429). */
	async login(body: LoginBody, ip: string): Promise<SessionUser> {
		const now = this.#clock.nowMs();
		const password = body.password ?? '';
		const userId = body.user_id?.trim() ?? '';
		if (password === '') {
			throw new AppError('missing_credentials', 400, 'A password is required.');
		}
		const useAccount = userId !== '';
		if (!useAccount && this.#shared === null) {
			throw new AppError('missing_credentials', 400, 'A user id and password are required.');
		}
		const accountKey = useAccount ? `id:${userId.toLowerCase()}` : 'shared';
		const accountLimiter = useAccount ? this.#accountLimiter : this.#sharedLimiter;
		this.#throttle(this.#ipLimiter, ip, now);
		this.#throttle(accountLimiter, accountKey, now);

		const user = useAccount
			? await this.#checkAccount(userId, password)
			: this.#checkShared(password, body.name);
		if (!user) {
			this.#ipLimiter.record(ip, now);
			accountLimiter.record(accountKey, now);
			throw new AppError('invalid_credentials', 401, 'Wrong password or user id.');
		}
		if (useAccount) this.#accountLimiter.reset(accountKey);
		return user;
	}

	async #checkAccount(userId: string, password: string): Promise<SessionUser | null> {
		const account = this.#accounts.get(userId);
		const ok = await verifyPassword(account?.password ?? DUMMY_PASSWORD, password);
		if (!account || !ok) return null;
		return { id: `account:${account.id}`, name: account.id, kind: AuthKind.ACCOUNT };
	}

	#checkShared(password: string, name: string | undefined): SessionUser | null {
		if (this.#shared === null || !constantTimeEqual(this.#shared, password)) return null;
		const guestTag = randomBytes(6).toString('hex');
		const displayName = cleanDisplayName(name) ?? `guest-${guestTag.slice(0, 4)}`;
		return { id: `guest:${guestTag}`, name: displayName, kind: AuthKind.SHARED };
	}
}
