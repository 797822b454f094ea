import { describe, expect, it } from 'vitest';
import { DEFAULT_BILIBILI_CONFIG, parseBilibiliEnv } from './bilibili.config.js';

describe('parseBilibiliEnv', () => {
	it('uses the documented defaults', () => {
		const problems: string[] = [];
		expect(parseBilibiliEnv({}, problems)).toEqual(DEFAULT_BILIBILI_CONFIG);
		expect(problems).toEqual([]);
		expect(DEFAULT_BILIBILI_CONFIG).toMatchObject({
			apiBase: 'https://api.bilibili.com',
			shortlinkBase: 'https://b23.tv',
			cdnHosts: ['*.bilivideo.com', '*.bilivideo.cn', 'upos-hz-mirrorakam.akamaized.net'],
			playback: 'auto',
			cookie: null,
		});
	});

	it('reads every variable', () => {
		const problems: string[] = [];
		const config = parseBilibiliEnv(
			{
				BILIBILI_PLAYBACK: 'Embed',
				BILIBILI_API_BASE: 'http://127.0.0.1:5055/',
				BILIBILI_SHORTLINK_BASE: 'http://127.0.0.1:5055',
				BILIBILI_CDN_HOSTS: '127.0.0.1:5055, *.bilivideo.com',
				BILIBILI_PCDN_HOSTS: 'localhost',
				BILIBILI_COOKIE: 'SESSDATA=abc; bili_jct=def',
				BILIBILI_UPSTREAM_TIMEOUT_MS: '3000',
			},
			problems,
		);
		expect(problems).toEqual([]);
		expect(config).toMatchObject({
			playback: 'embed',
			apiBase: 'http://127.0.0.1:5055',
			shortlinkBase: 'http://127.0.0.1:5055',
			cdnHosts: ['127.0.0.1:5055', '*.bilivideo.com'],
			pcdnHosts: ['localhost'],
			cookie: 'SESSDATA=abc; bili_jct=def',
			upstreamTimeoutMs: 3000,
		});
	});

	it('reports every bad value at once and keeps defaults for them', () => {
		const problems: string[] = [];
		const config = parseBilibiliEnv(
			{
				BILIBILI_PLAYBACK: 'fast',
				BILIBILI_API_BASE: 'ftp://api.bilibili.com',
				BILIBILI_SHORTLINK_BASE: 'https://b23.tv/?x=1',
				BILIBILI_CDN_HOSTS: 'http://evil.com/, ok.com',
				BILIBILI_PCDN_HOSTS: 'a b',
				BILIBILI_COOKIE: 'SESSDATA=a\r\nX-Injected: 1',
				BILIBILI_UPSTREAM_TIMEOUT_MS: '10',
			},
			problems,
		);
		expect(problems).toHaveLength(7);
		for (const name of [
			'BILIBILI_PLAYBACK',
			'BILIBILI_API_BASE',
			'BILIBILI_SHORTLINK_BASE',
			'BILIBILI_CDN_HOSTS',
			'BILIBILI_PCDN_HOSTS',
			'BILIBILI_COOKIE',
			'BILIBILI_UPSTREAM_TIMEOUT_MS',
		]) {
			expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
		}
		expect(config).toMatchObject({ ...DEFAULT_BILIBILI_CONFIG, cookie: null });
	});
});
