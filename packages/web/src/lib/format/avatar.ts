/** Hues the avatars are tinted with (each light enough for dark text, dark enough in dark mode). */
const HUES = [340, 20, 45, 150, 185, 210, 255, 290] as const;

/** A stable tint for a person (the same user id always gets the same hue). */
export function avatarHue(key: string): number {
	let hash = 0;
	for (const char of key) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
	return HUES[hash % HUES.length] ?? HUES[0];
}

/** The first character of a name (a whole CJK character or emoji), upper-cased; `?` if none. */
export function initial(name: string): string {
	return Array.from(name.trim())[0]?.toUpperCase() ?? '?';
}
