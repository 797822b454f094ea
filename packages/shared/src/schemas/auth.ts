import { Type, type Static } from 'typebox';

/** Longest password or user id we accept on the wire (anything longer is not a credential). */
export const CREDENTIAL_MAX = 256;

/**
 * `POST /login` body, JSON or form-encoded. `{password}` logs in with the shared password (with an
 * optional display `name`), `{user_id, password}` with a personal account.
 */
export const LoginBodySchema = Type.Object({
	password: Type.Optional(Type.String({ maxLength: CREDENTIAL_MAX })),
	user_id: Type.Optional(Type.String({ maxLength: CREDENTIAL_MAX })),
	name: Type.Optional(Type.String({ maxLength: CREDENTIAL_MAX })),
});
export type LoginBody = Static<typeof LoginBodySchema>;

export const AuthKind = { SHARED: 'shared', ACCOUNT: 'account' } as const;
export type AuthKind = (typeof AuthKind)[keyof typeof AuthKind];

/** The logged-in user as the session knows them. */
export const SessionUserSchema = Type.Object({
	id: Type.String(),
	name: Type.String(),
	kind: Type.Union([Type.Literal(AuthKind.SHARED), Type.Literal(AuthKind.ACCOUNT)]),
});
export type SessionUser = Static<typeof SessionUserSchema>;

export const LoginOkSchema = Type.Object({
	ok: Type.Literal(true),
	user: SessionUserSchema,
});
export type LoginOk = Static<typeof LoginOkSchema>;

/** `GET /api/auth/options`: which login forms the server accepts (public, used by the login page). */
export const AuthOptionsSchema = Type.Object({
	shared: Type.Boolean(),
	accounts: Type.Boolean(),
});
export type AuthOptions = Static<typeof AuthOptionsSchema>;

/** `GET /api/session`: who am I. */
export const SessionInfoSchema = Type.Object({
	ok: Type.Literal(true),
	user: SessionUserSchema,
});
export type SessionInfo = Static<typeof SessionInfoSchema>;
