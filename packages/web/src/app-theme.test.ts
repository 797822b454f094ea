/**
 * The colour tokens in app.css meet WCAG AA in both schemes: 4.5:1 for text on the backgrounds it
 * is drawn on, 3:1 for focus rings and controls. Reads the stylesheet itself, so what ships is
 * what is checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrast, mix, parseColor, themeTokens, type Rgb } from './lib/theme/contrast.js';

const css = readFileSync(join(import.meta.dirname, 'app.css'), 'utf8');
const themes = themeTokens(css);

/** Text colours and every background each is drawn on (`mix:` = a `color-mix` in a component). */
const TEXT_PAIRS: [string, string][] = [
	['--text', '--bg'],
	['--text', '--surface'],
	['--text', '--surface-2'],
	['--text', 'mix:--accent 18% --surface'], // own chat bubble
	['--text', 'mix:--warn 10% --surface'], // room notice
	['--text-muted', '--bg'],
	['--text-muted', '--surface'],
	['--text-muted', '--surface-2'],
	['--text-muted', 'mix:--accent 18% --surface'],
	['--accent-strong', '--bg'],
	['--accent-strong', '--surface'],
	['--accent-strong', '--surface-2'],
	['--accent-strong', '--accent-soft'], // host badge
	['--accent-strong', 'mix:--accent 18% --surface'], // a media time in an own bubble
	['--accent-contrast', '--accent-strong'], // primary buttons
	['--danger', '--surface'],
	['--danger', '--danger-bg'],
	['--ok', '--bg'],
	['--ok', '--surface'],
	['--ok', '--surface-2'],
	['--warn', '--bg'],
	['--warn', '--surface'],
	['--player-text', '--player-bar'],
	['--player-text', '--player-bg'],
	['--player-muted', '--player-bar'],
	['--player-muted', '--player-bg'],
];

/** Focus rings and the pink of sliders and switches against what surrounds them. */
const UI_PAIRS: [string, string][] = [
	['--focus', '--bg'],
	['--focus', '--surface'],
	['--focus', '--surface-2'],
	['--player-focus', '--player-bar'],
	['--accent', '--player-bar'],
];

function color(tokens: Record<string, string>, name: string): Rgb {
	const mixed = /^mix:(--[\w-]+) (\d+)% (--[\w-]+)$/.exec(name);
	if (mixed) {
		return mix(color(tokens, mixed[1]!), Number(mixed[2]) / 100, color(tokens, mixed[3]!));
	}
	const value = tokens[name];
	if (value === undefined) throw new Error(`${name} is not defined`);
	return parseColor(value);
}

describe('contrast', () => {
	it('measures WCAG ratios', () => {
		expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
		expect(contrast(parseColor('#777'), parseColor('#ffffff'))).toBeCloseTo(4.48, 2);
		expect(mix(parseColor('#000'), 0.5, parseColor('rgb(255 255 255)'))).toEqual([128, 128, 128]);
	});
});

describe.each(Object.entries(themes))('the %s theme', (_scheme, tokens) => {
	it.each(TEXT_PAIRS)('%s on %s is at least 4.5:1', (fg, bg) => {
		expect(contrast(color(tokens, fg), color(tokens, bg))).toBeGreaterThanOrEqual(4.5);
	});

	it.each(UI_PAIRS)('%s against %s is at least 3:1', (fg, bg) => {
		expect(contrast(color(tokens, fg), color(tokens, bg))).toBeGreaterThanOrEqual(3);
	});
});
