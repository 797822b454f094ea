/** Errors the pipeline throws to HTTP callers: an {@link AppError} carrying a reason code. */
import { type ErrorCode, BILIBILI_REASON_INFO, type BilibiliReason } from '@videotogether/shared';
import { AppError } from '../../lib/errors.js';

/** An AppError (`not_found` or `unavailable`) with `extra.reason` set to a {@link BilibiliReason}. */
export class BilibiliError extends AppError {
	constructor(
		readonly reason: BilibiliReason,
		readonly detail = '',
	) {
		const info = BILIBILI_REASON_INFO[reason];
		const code: ErrorCode = info.status === 404 ? 'not_found' : 'unavailable';
		super(code, info.status, info.message, { reason });
		this.name = 'BilibiliError';
	}
}

/** 404 for unknown, forged or altered tokens: says nothing about why. */
export function unknownToken(): AppError {
	return new AppError('not_found', 404, 'Not found.');
}
