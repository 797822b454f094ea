import { describe, expect, it } from 'vitest';
import {
	BACK_MS,
	BILI_RATE,
	DanmakuScheduler,
	JUMP_MS,
	parseDanmakuPayload,
	stageColor,
	stageMode,
	type ScheduledDanmaku,
} from './scheduler.js';

/** One entry every `stepMs` from `fromMs`, texts `d<time>`. */
function pool(count: number, stepMs = 1000, fromMs = 0): ScheduledDanmaku[] {
	return Array.from({ length: count }, (_, i) => {
		const timeMs = fromMs + i * stepMs;
		return { timeMs, text: `d${timeMs}`, mode: 'scroll' as const };
	});
}

const texts = (due: ScheduledDanmaku[]) => due.map((d) => d.text);

/** Plays from `fromMs` to `toMs` in `tickMs` steps; everything released, in order. */
function play(s: DanmakuScheduler, fromMs: number, toMs: number, tickMs = 200, rate?: number) {
	const out: ScheduledDanmaku[] = [];
	for (let t = fromMs; t <= toMs; t += tickMs) out.push(...s.advance(t, rate));
	return out;
}

describe('DanmakuScheduler', () => {
	it('releases nothing on the first look, then each entry once the media passes it', () => {
		const s = new DanmakuScheduler(pool(5));
		expect(s.advance(0)).toEqual([]);
		expect(texts(s.advance(200))).toEqual(['d0']);
		expect(texts(s.advance(999))).toEqual([]);
		expect(texts(s.advance(1000))).toEqual(['d1000']);
		expect(texts(play(s, 1200, 4400))).toEqual(['d2000', 'd3000', 'd4000']);
		expect(s.advance(5000)).toEqual([]);
	});

	it('releases nothing while the media time stands still (paused, buffering)', () => {
		const s = new DanmakuScheduler(pool(5));
		s.advance(500);
		expect(texts(s.advance(1100))).toEqual(['d1000']);
		for (let i = 0; i < 10; i += 1) expect(s.advance(1100)).toEqual([]);
		expect(texts(s.advance(2100))).toEqual(['d2000']);
	});

	it('never repeats entries across a small step back (a correcting seek)', () => {
		const s = new DanmakuScheduler(pool(5));
		s.advance(900);
		expect(texts(s.advance(1100))).toEqual(['d1000']);
		expect(s.advance(1100 - BACK_MS + 10)).toEqual([]);
		expect(s.advance(1050)).toEqual([]);
		expect(texts(s.advance(2050))).toEqual(['d2000']);
	});

	it('re-indexes after a seek forward without flooding what was skipped', () => {
		const s = new DanmakuScheduler(pool(100, 100));
		s.advance(0);
		expect(s.advance(200)).toHaveLength(3);
		// A jump to 6 s: the 58 entries in between are not released.
		expect(s.advance(6000)).toEqual([]);
		expect(s.cursor).toBe(60);
		expect(texts(s.advance(6150))).toEqual(['d6000', 'd6100']);
	});

	it('re-indexes after a seek back, showing that part again', () => {
		const s = new DanmakuScheduler(pool(10));
		play(s, 0, 6000);
		expect(s.advance(2500)).toEqual([]);
		expect(texts(play(s, 2700, 4100))).toEqual(['d3000', 'd4000']);
	});

	it('treats a forward step beyond JUMP_MS as a jump, within it as playback (fast rates)', () => {
		const s = new DanmakuScheduler(pool(10));
		s.advance(0);
		expect(texts(s.advance(JUMP_MS - 100))).toEqual(['d0', 'd1000']);
		expect(s.advance(JUMP_MS - 100 + JUMP_MS + 1)).toEqual([]);
	});

	it('starts over after reset (the player reloaded)', () => {
		const s = new DanmakuScheduler(pool(10));
		play(s, 0, 2000);
		s.reset();
		expect(s.advance(2400)).toEqual([]);
		expect(texts(s.advance(3000))).toEqual(['d3000']);
	});

	it('keeps a dense moment within the rate limit (the rest is skipped, not delayed)', () => {
		// 200 entries in one second of media.
		const s = new DanmakuScheduler(pool(200, 5, 10_000));
		s.advance(9_900);
		const released = play(s, 10_000, 12_000, 200, BILI_RATE.normal);
		expect(released.length).toBeLessThanOrEqual(BILI_RATE.normal + 1);
		expect(released.length).toBeGreaterThanOrEqual(BILI_RATE.normal - 1);
		// Nothing stays behind: the next moments come on time.
		expect(s.cursor).toBe(200);
		const low = new DanmakuScheduler(pool(200, 5, 10_000));
		low.advance(9_900);
		expect(play(low, 10_000, 12_000, 200, BILI_RATE.low).length).toBeLessThanOrEqual(
			BILI_RATE.low + 1,
		);
		const high = new DanmakuScheduler(pool(200, 5, 10_000));
		high.advance(9_900);
		expect(play(high, 10_000, 12_000, 200, BILI_RATE.high).length).toBeGreaterThan(
			BILI_RATE.normal,
		);
	});

	it('lets a sparse pool through untouched by the rate limit', () => {
		const s = new DanmakuScheduler(pool(20, 500));
		s.advance(0);
		expect(play(s, 200, 9_800, 200, BILI_RATE.low)).toHaveLength(20);
	});

	it('copes with an empty pool and a non-finite time', () => {
		const s = new DanmakuScheduler([]);
		expect(s.advance(0)).toEqual([]);
		expect(s.advance(500)).toEqual([]);
		expect(new DanmakuScheduler(pool(3)).advance(Number.NaN)).toEqual([]);
	});
});

describe('parseDanmakuPayload', () => {
	it('reads {cid, entries} into stage entries sorted by time', () => {
		const parsed = parseDanmakuPayload({
			cid: 1,
			entries: [
				{ timeMs: 3000, mode: 5, size: 25, color: 0xff0000, text: 'top red' },
				{ timeMs: 1000, mode: 1, size: 25, color: 16777215, text: 'scroll white' },
				{ timeMs: 2000, mode: 4, size: 18, color: 0x00ff00, text: 'bottom' },
				{ timeMs: 2500, mode: 6, size: 25, color: 0, text: 'reverse' },
			],
		});
		expect(parsed).toEqual([
			{ timeMs: 1000, text: 'scroll white', mode: 'scroll' },
			{ timeMs: 2000, text: 'bottom', mode: 'bottom', color: '#00ff00' },
			{ timeMs: 2500, text: 'reverse', mode: 'scroll', color: '#000000' },
			{ timeMs: 3000, text: 'top red', mode: 'top', color: '#ff0000' },
		]);
	});

	it('skips what is not a plain text entry', () => {
		expect(parseDanmakuPayload(null)).toEqual([]);
		expect(parseDanmakuPayload({ entries: 'x' })).toEqual([]);
		expect(
			parseDanmakuPayload({
				entries: [
					null,
					{ timeMs: -1, mode: 1, text: 'negative' },
					{ timeMs: 1, mode: 7, text: 'advanced' },
					{ timeMs: 1, mode: 1, text: '   ' },
					{ timeMs: 'x', mode: 1, text: 'bad time' },
					{ timeMs: 5, mode: 1, color: 'nope', text: 'ok' },
				],
			}),
		).toEqual([{ timeMs: 5, text: 'ok', mode: 'scroll' }]);
	});
});

describe('stageMode / stageColor', () => {
	it('maps Bilibili modes', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 8].map(stageMode)).toEqual([
			'scroll',
			'scroll',
			'scroll',
			'bottom',
			'top',
			'scroll',
			null,
			null,
		]);
	});

	it('maps colours to #rrggbb, white to the default', () => {
		expect(stageColor(0xfe0302)).toBe('#fe0302');
		expect(stageColor(0xffffff)).toBeNull();
		expect(stageColor('#ABCDEF')).toBe('#abcdef');
		expect(stageColor(-1)).toBeNull();
		expect(stageColor(0x1000000)).toBeNull();
	});
});
