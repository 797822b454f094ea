import { isMessageKey, type MessageKey, type MessageParams } from '../i18n/index.js';
import type { PlayerChoice } from '../player/select.js';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** What the playback-mode badge says: its label, what the mode means, and why (if not native). */
export interface ModeBadgeText {
	label: string;
	about: string;
	/** The translated reason (null: native, direct media, or still resolving). */
	reason: string | null;
}

/** A reason code (the server's `BilibiliReason`, or a local one) for people. */
export function reasonText(code: string, t: Translate): string {
	const key = `playbackMode.reason.${code}`;
	return isMessageKey(key) ? t(key) : t('playbackMode.reason.unknown', { code });
}

export function modeBadgeText(
	choice: Pick<PlayerChoice, 'mode' | 'reason' | 'resolving'>,
	t: Translate,
): ModeBadgeText {
	if (choice.resolving) {
		return {
			label: t('playbackMode.resolving'),
			about: t('playbackMode.about.resolving'),
			reason: null,
		};
	}
	const mode = choice.mode ?? 'native';
	return {
		label: t(`playbackMode.${mode}`),
		about: t(`playbackMode.about.${mode}`),
		reason: choice.reason === null ? null : reasonText(choice.reason, t),
	};
}
