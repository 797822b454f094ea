import { describe, expect, it } from 'vitest';
import { parseRange } from './range.parse.js';

describe('parseRange (size 1000)', () => {
	it.each([
		[undefined, { kind: 'full' }],
		['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
		['bytes=900-', { kind: 'partial', start: 900, end: 999 }],
		['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
		['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
		['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
		['bytes=999-999', { kind: 'partial', start: 999, end: 999 }],
		['bytes=1000-', { kind: 'unsatisfiable' }],
		['bytes=-0', { kind: 'unsatisfiable' }],
		['bytes=50-10', { kind: 'full' }],
		['bytes=0-1,5-6', { kind: 'full' }],
		['items=0-1', { kind: 'full' }],
		['bytes=-', { kind: 'full' }],
	] as const)('%s', (header, expected) => {
		expect(parseRange(header, 1000)).toEqual(expected);
	});
});
