/**
 * Room keyboard shortcuts, as a pure mapping from a key press to an action. Never while typing:
 * inputs, text areas, selects and editable content keep their keys; a focused button keeps
 * space (its own activation).
 */
export type ShortcutAction =
	| 'toggle-play'
	| 'seek-back'
	| 'seek-forward'
	| 'volume-up'
	| 'volume-down'
	| 'fullscreen'
	| 'mute'
	| 'danmaku';

export const SEEK_STEP_MS = 5000;
export const VOLUME_STEP = 0.1;

export interface KeyPress {
	key: string;
	ctrlKey?: boolean;
	metaKey?: boolean;
	altKey?: boolean;
	/** While an IME composes (Chinese input), keys belong to it. */
	isComposing?: boolean;
	target: { tagName?: string; isContentEditable?: boolean } | null;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const ACTIVATED_BY_SPACE = new Set(['BUTTON', 'A', 'SUMMARY']);

const KEYS: Record<string, ShortcutAction> = {
	' ': 'toggle-play',
	k: 'toggle-play',
	ArrowLeft: 'seek-back',
	ArrowRight: 'seek-forward',
	ArrowUp: 'volume-up',
	ArrowDown: 'volume-down',
	f: 'fullscreen',
	m: 'mute',
	d: 'danmaku',
};

export function shortcutFor(press: KeyPress): ShortcutAction | null {
	if (press.ctrlKey || press.metaKey || press.altKey || press.isComposing) return null;
	const tag = press.target?.tagName?.toUpperCase() ?? '';
	if (TYPING_TAGS.has(tag) || press.target?.isContentEditable) return null;
	if (press.key === ' ' && ACTIVATED_BY_SPACE.has(tag)) return null;
	const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
	return KEYS[key] ?? null;
}
