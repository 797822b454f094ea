import { describe, expect, it } from 'vitest';
import { loginUrl, matchRoute, sanitizeNext } from './routes.js';

describe('matchRoute', () => {
	it('maps paths to pages', () => {
		expect(matchRoute('/')).toEqual({ name: 'room', roomId: 'default' });
		expect(matchRoute('/r/movie-night')).toEqual({ name: 'room', roomId: 'movie-night' });
		expect(matchRoute('/r/abc/')).toEqual({ name: 'room', roomId: 'abc' });
		expect(matchRoute('/login')).toEqual({ name: 'login' });
		expect(matchRoute('/r/')).toEqual({ name: 'notFound' });
		expect(matchRoute('/r/UPPER')).toEqual({ name: 'notFound' });
		expect(matchRoute('/nope')).toEqual({ name: 'notFound' });
	});
});

describe('sanitizeNext', () => {
	it.each([
		['/', '/'],
		['/r/abc', '/r/abc'],
		['/r/abc?x=1#frag', '/r/abc?x=1#frag'],
		['/a/../r/abc', '/r/abc'],
	])('keeps the same-origin path %s', (next, expected) => {
		expect(sanitizeNext(next)).toBe(expected);
	});

	it.each([
		[null],
		[undefined],
		[''],
		['r/abc'],
		['//evil.example/x'],
		['/\\evil.example'],
		['https://evil.example/'],
		['javascript:alert(1)'],
		['/\t/evil.example'],
		[' /r/abc'],
		['/login'],
		['/login?next=/x'],
	])('falls back to / for %s', (next) => {
		expect(sanitizeNext(next)).toBe('/');
	});

	it('builds the login URL that returns to a path', () => {
		expect(loginUrl('/r/abc?x=1')).toBe('/login?next=%2Fr%2Fabc%3Fx%3D1');
		expect(loginUrl('/')).toBe('/login');
	});
});
