import { describe, expect, it } from 'vitest';
import { loginUrl, matchRoute, needsSession, roomPath, sanitizeNext } from './routes.js';

describe('matchRoute', () => {
	it('maps paths to pages', () => {
		expect(matchRoute('/')).toEqual({ name: 'room', roomId: 'default' });
		expect(matchRoute('/r/movie-night')).toEqual({ name: 'room', roomId: 'movie-night' });
		expect(matchRoute('/r/abc/')).toEqual({ name: 'room', roomId: 'abc' });
		expect(matchRoute('/login')).toEqual({ name: 'login' });
		expect(matchRoute('/rooms')).toEqual({ name: 'rooms' });
		expect(matchRoute('/rooms/')).toEqual({ name: 'rooms' });
		expect(matchRoute('/r/')).toEqual({ name: 'notFound' });
		expect(matchRoute('/r/UPPER')).toEqual({ name: 'notFound' });
		expect(matchRoute('/nope')).toEqual({ name: 'notFound' });
	});
});

describe('roomPath', () => {
	it('links the default room at / and the others at /r/<id>', () => {
		expect(roomPath('default')).toBe('/');
		expect(roomPath('k3v9x2ab')).toBe('/r/k3v9x2ab');
		expect(matchRoute(roomPath('k3v9x2ab'))).toEqual({ name: 'room', roomId: 'k3v9x2ab' });
	});

	it('knows which pages need a session', () => {
		expect(needsSession({ name: 'rooms' })).toBe(true);
		expect(needsSession({ name: 'room', roomId: 'default' })).toBe(true);
		expect(needsSession({ name: 'login' })).toBe(false);
		expect(needsSession({ name: 'notFound' })).toBe(false);
	});
});

describe('sanitizeNext', () => {
	it.each([
		['/', '/'],
		['/r/abc', '/r/abc'],
		['/r/abc?x=1#frag', '/r/abc?x=1#frag'],
		['/rooms', '/rooms'],
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
