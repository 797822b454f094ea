import {
	detectLocale,
	dictionaries,
	interpolate,
	isLocale,
	isMessageKey,
	splitAround,
	type Locale,
	type MessageKey,
	type MessageParams,
} from '../i18n/index.js';
import { LOCALE_KEY, readRemembered, remember } from './remembered.js';

function readStoredLocale(): Locale | null {
	const stored = readRemembered(LOCALE_KEY);
	return isLocale(stored) ? stored : null;
}

/** The UI language: detected from the browser, switchable, remembered in localStorage. */
export class I18n {
	#locale = $state<Locale>('zh-CN');

	constructor(initial?: Locale) {
		const languages = globalThis.navigator?.languages ?? [];
		this.#locale = initial ?? readStoredLocale() ?? detectLocale(languages);
		this.#applyToDocument();
	}

	get locale(): Locale {
		return this.#locale;
	}

	set locale(next: Locale) {
		this.#locale = next;
		remember(LOCALE_KEY, next);
		this.#applyToDocument();
	}

	toggle(): void {
		this.locale = this.#locale === 'zh-CN' ? 'en' : 'zh-CN';
	}

	t = (key: MessageKey, params?: MessageParams): string => {
		return interpolate(dictionaries[this.#locale][key], params);
	};

	/** The text before and after `{name}` in a message (see `splitAround`). */
	parts = (key: MessageKey, name: string, value?: string): [string, string] => {
		return splitAround(dictionaries[this.#locale][key], name, value);
	};

	/**
	 * A user-facing text for a server error code: the translation when we know the code, else the
	 * server's (English) message, else a generic text naming the code.
	 */
	errorText = (code: string, message?: string, retryAfterS?: number): string => {
		if (code === 'rate_limited') {
			return retryAfterS !== undefined && retryAfterS > 0
				? this.t('error.rate_limited', { seconds: Math.ceil(retryAfterS) })
				: this.t('error.rate_limited_soon');
		}
		const key = `error.${code}`;
		if (isMessageKey(key)) return this.t(key);
		return message && message.length > 0 ? message : this.t('error.unknown', { code });
	};

	#applyToDocument(): void {
		if (typeof document !== 'undefined') document.documentElement.lang = this.#locale;
	}
}

export const i18n = new I18n();
