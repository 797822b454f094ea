import type { ErrorCode } from '@videotogether/shared';

/**
 * An error meant for the client: a code from the shared `ErrorCode` list, an HTTP status and an
 * English message. Anything else that is thrown is reported as `internal` without details.
 */
export class AppError extends Error {
	constructor(
		readonly code: ErrorCode,
		readonly status: number,
		message: string,
		readonly extra: Record<string, unknown> = {},
	) {
		super(message);
		this.name = 'AppError';
	}
}

export function isAppError(error: unknown): error is AppError {
	return error instanceof AppError;
}
