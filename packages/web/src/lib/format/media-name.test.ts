import { describe, expect, it } from 'vitest';
import { mediaDisplayName } from './media-name.js';

describe('mediaDisplayName', () => {
	it('prefers the title', () => {
		expect(mediaDisplayName({ title: ' 第一话 ', url: 'https://x.example/a.mp4' })).toBe('第一话');
	});

	it('falls back to the decoded file name, then to the link', () => {
		expect(mediaDisplayName({ url: 'https://x.example/films/%E7%94%B5%E5%BD%B1.mp4?t=1' })).toBe(
			'电影.mp4',
		);
		expect(mediaDisplayName({ title: '', url: 'https://x.example/' })).toBe('https://x.example/');
		expect(mediaDisplayName({ url: 'not a url' })).toBe('not a url');
		expect(mediaDisplayName({ url: 'https://x.example/%E0%A4%A.mp4' })).toBe(
			'https://x.example/%E0%A4%A.mp4',
		);
	});
});
