/** WCAG 2 contrast between colours, and the bits of CSS colour syntax our tokens use. */

export type Rgb = readonly [number, number, number];

/** `#rgb`, `#rrggbb` or `rgb(r g b)` / `rgb(r, g, b)` (opaque) as 0–255 channels. */
export function parseColor(value: string): Rgb {
	const text = value.trim().toLowerCase();
	const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text)?.[1];
	if (hex !== undefined) {
		const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
		return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
	}
	const rgb = /^rgb\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*\)$/.exec(text);
	if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
	throw new Error(`not an opaque colour: ${value}`);
}

/** `color-mix(in srgb, a weight, b)`: `weight` of `a` (0–1), the rest `b`. */
export function mix(a: Rgb, weight: number, b: Rgb): Rgb {
	return [0, 1, 2].map((i) => Math.round(a[i]! * weight + b[i]! * (1 - weight))) as unknown as Rgb;
}

/** WCAG relative luminance. */
export function luminance([r, g, b]: Rgb): number {
	const linear = (c: number) => {
		const s = c / 255;
		return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio (1–21). */
export function contrast(a: Rgb, b: Rgb): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (hi + 0.05) / (lo + 0.05);
}

/**
 * The custom properties of the stylesheet's first `:root {…}` block (light) and of the `:root`
 * inside `@media (prefers-color-scheme: dark)`, the dark one falling back to the light values.
 */
export function themeTokens(css: string): {
	light: Record<string, string>;
	dark: Record<string, string>;
} {
	const read = (block: string) => {
		const tokens: Record<string, string> = {};
		for (const match of block.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) {
			tokens[match[1]!] = match[2]!.trim();
		}
		return tokens;
	};
	const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
	const light = /:root\s*\{([^}]*)\}/.exec(withoutComments)?.[1] ?? '';
	const darkMedia = withoutComments.split('@media (prefers-color-scheme: dark)')[1] ?? '';
	const dark = /:root\s*\{([^}]*)\}/.exec(darkMedia)?.[1] ?? '';
	const lightTokens = read(light);
	return { light: lightTokens, dark: { ...lightTokens, ...read(dark) } };
}
