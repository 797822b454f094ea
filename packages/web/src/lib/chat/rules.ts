import { CHAT_MAX_LENGTH } from '@videotogether/shared';

/** The counter appears from this share of the limit on. */
export const COUNTER_FROM = 0.8;

/** Length as the server counts it: code points of the trimmed text (an emoji is one). */
export function chatLength(text: string): number {
	return [...text.trim()].length;
}

export type ChatCheck = { ok: true; text: string } | { ok: false; error: 'empty' | 'too_long' };

/** The checks the server makes, made before sending so a rejected text never leaves the input. */
export function checkChat(text: string, limit: number = CHAT_MAX_LENGTH): ChatCheck {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: false, error: 'empty' };
	if (chatLength(trimmed) > limit) return { ok: false, error: 'too_long' };
	return { ok: true, text: trimmed };
}

/** Show the `n / limit` counter? Only near (or over) the limit. */
export function showCounter(length: number, limit: number = CHAT_MAX_LENGTH): boolean {
	return length >= Math.floor(limit * COUNTER_FROM);
}
