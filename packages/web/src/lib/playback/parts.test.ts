import type { Media } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { bvidOf, currentPage, partLabel, partUrl, pickerParts } from './parts.js';

const PARTS = [
	{ page: 1, title: '第一话', durationMs: 10_000 },
	{ page: 2, title: '第二话', durationMs: 10_000 },
	{ page: 3, title: '第三话', durationMs: null },
];

function media(extra: Partial<Media> = {}): Media {
	return {
		id: 'bilibili:BV17x411w7KC:p2',
		kind: 'bilibili',
		url: 'https://www.bilibili.com/video/BV17x411w7KC?p=2',
		...extra,
	};
}

describe('parts', () => {
	it('builds the link that loads a part', () => {
		expect(partUrl('BV17x411w7KC', 3)).toBe('https://www.bilibili.com/video/BV17x411w7KC?p=3');
	});

	it('reads the BV id and the current part', () => {
		expect(bvidOf(media())).toBe('BV17x411w7KC');
		expect(currentPage(media())).toBe(2);
		expect(currentPage(media({ page: 3 }))).toBe(3);
		expect(currentPage(media({ url: 'https://www.bilibili.com/video/BV17x411w7KC' }))).toBe(1);
		const episode = media({ url: 'https://www.bilibili.com/bangumi/play/ep284001' });
		expect(bvidOf(episode)).toBeNull();
		expect(bvidOf(null)).toBeNull();
	});

	it('offers a picker only for a video with several parts', () => {
		expect(pickerParts(media({ parts: PARTS }))).toEqual({ bvid: 'BV17x411w7KC', parts: PARTS });
		expect(pickerParts(media())).toBeNull();
		expect(pickerParts(media({ parts: PARTS.slice(0, 1) }))).toBeNull();
		expect(pickerParts(null)).toBeNull();
		const direct: Media = { id: 'u', kind: 'direct', url: 'https://x/a.mp4', parts: PARTS };
		expect(pickerParts(direct)).toBeNull();
	});

	it('does not number a part twice', () => {
		expect(partLabel({ page: 2, title: 'P2 第二话' }, 'P2 · P2 第二话')).toBe('P2 第二话');
		expect(partLabel({ page: 2, title: 'p 2：相遇' }, 'P2 · p 2：相遇')).toBe('p 2：相遇');
		expect(partLabel({ page: 2, title: 'P21 番外' }, 'P2 · P21 番外')).toBe('P2 · P21 番外');
		expect(partLabel({ page: 3, title: '第三话' }, 'P3 · 第三话')).toBe('P3 · 第三话');
		expect(partLabel({ page: 4, title: '  ' }, 'P4 · ')).toBe('P4');
	});
});
