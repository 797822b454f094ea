import { describe, expect, it } from 'vitest';
import { parseDirectMediaLink, type DirectMediaFormat } from './direct.js';
import { LinkError } from './result.js';

describe('parseDirectMediaLink accepts', () => {
	it.each<[string, string, DirectMediaFormat]>([
		['https://example.com/movie.mp4', 'https://example.com/movie.mp4', 'mp4'],
		['http://example.com/a/b/clip.M4V', 'http://example.com/a/b/clip.M4V', 'mp4'],
		[
			'https://cdn.example.com/v.webm?token=abc&x=1',
			'https://cdn.example.com/v.webm?token=abc&x=1',
			'webm',
		],
		['https://example.com/live/index.m3u8', 'https://example.com/live/index.m3u8', 'hls'],
		[
			'https://example.com/stream/manifest.MPD#t=10',
			'https://example.com/stream/manifest.MPD#t=10',
			'dash',
		],
		['  https://example.com/movie.mp4\u3000', 'https://example.com/movie.mp4', 'mp4'],
		['%20https://example.com/movie.mp4%20', 'https://example.com/movie.mp4', 'mp4'],
		['HTTPS://EXAMPLE.COM/movie.mp4', 'https://example.com/movie.mp4', 'mp4'],
		['https://example.com/my%20movie.mp4', 'https://example.com/my%20movie.mp4', 'mp4'],
		['http://127.0.0.1:8080/local.mp4', 'http://127.0.0.1:8080/local.mp4', 'mp4'],
	])('%s', (input, url, format) => {
		expect(parseDirectMediaLink(input)).toEqual({
			ok: true,
			value: { kind: 'direct', url, format },
		});
	});
});

describe('parseDirectMediaLink rejects', () => {
	it.each<[string, string, LinkError]>([
		['empty', '', LinkError.EMPTY],
		['whitespace', ' \u3000 ', LinkError.EMPTY],
		['too long', `https://example.com/${'a'.repeat(2048)}.mp4`, LinkError.TOO_LONG],
		['no extension', 'https://example.com/movie', LinkError.UNSUPPORTED],
		['other extension', 'https://example.com/movie.avi', LinkError.UNSUPPORTED],
		['extension only in query', 'https://example.com/watch?file=movie.mp4', LinkError.UNSUPPORTED],
		['extension only in fragment', 'https://example.com/page#movie.mp4', LinkError.UNSUPPORTED],
		['extension as directory', 'https://example.com/movie.mp4/', LinkError.UNSUPPORTED],
		['no scheme', 'example.com/movie.mp4', LinkError.UNSUPPORTED],
		['protocol-relative', '//example.com/movie.mp4', LinkError.UNSUPPORTED],
		['ftp', 'ftp://example.com/movie.mp4', LinkError.UNSUPPORTED],
		['file', 'file:///home/me/movie.mp4', LinkError.UNSUPPORTED],
		['javascript', 'javascript:alert(1)//.mp4', LinkError.UNSUPPORTED],
		['data', 'data:video/mp4;base64,AAAA.mp4', LinkError.UNSUPPORTED],
		['credentials', 'https://user:secret@example.com/movie.mp4', LinkError.UNSUPPORTED],
		['text around the URL', 'watch https://example.com/movie.mp4 now', LinkError.UNSUPPORTED],
		['bilibili page', 'https://www.bilibili.com/video/BV1y7411Q7Eq', LinkError.UNSUPPORTED],
	])('%s', (_label, input, error) => {
		expect(parseDirectMediaLink(input)).toMatchObject({ ok: false, error });
	});
});
