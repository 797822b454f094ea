/** Small localStorage helpers that never throw (private mode, disabled storage). */
export function readRemembered(key: string): string | null {
	try {
		return globalThis.localStorage?.getItem(key) ?? null;
	} catch {
		return null;
	}
}

export function remember(key: string, value: string): void {
	try {
		globalThis.localStorage?.setItem(key, value);
	} catch {
		// Not remembered: fine.
	}
}

export const DISPLAY_NAME_KEY = 'vt.displayName';
export const LOGIN_MODE_KEY = 'vt.loginMode';
export const LOCALE_KEY = 'vt.locale';
export const GENTLE_KEY = 'vt.gentleCorrection';
export const DANMAKU_KEY = 'vt.danmaku';
export const BILI_DANMAKU_KEY = 'vt.biliDanmaku';
export const DANMAKU_DENSITY_KEY = 'vt.danmakuDensity';
export const DANMAKU_OPACITY_KEY = 'vt.danmakuOpacity';
