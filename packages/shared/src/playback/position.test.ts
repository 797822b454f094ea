import { describe, expect, it } from 'vitest';
import { expectedPositionMs } from './position.js';

const base = { paused: false, positionMs: 10_000, anchorMs: 1_000_000, rate: 1, media: null };

describe('expectedPositionMs', () => {
	it.each([
		// [description, overrides, nowMs, expected]
		['paused holds', { paused: true }, 1_005_000, 10_000],
		['playing advances 1×', {}, 1_002_000, 12_000],
		['playing at 1.5×', { rate: 1.5 }, 1_002_000, 13_000],
		['playing at 0.5×', { rate: 0.5 }, 1_002_000, 11_000],
		['scheduled start in the future holds', {}, 999_900, 10_000],
		[
			'clamped to duration',
			{ media: { id: 'x', kind: 'direct', url: 'x', durationMs: 11_000 } },
			1_010_000,
			11_000,
		],
	] as const)('%s', (_d, overrides, now, expected) => {
		expect(expectedPositionMs({ ...base, ...overrides }, now)).toBe(expected);
	});
});
