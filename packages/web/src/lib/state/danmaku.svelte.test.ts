import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKLOG_WAIT_MS, DanmakuStage, danmakuText, MAX_TEXT } from './danmaku.svelte.js';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

function setup() {
	let now = 0;
	const stage = new DanmakuStage({ now: () => now, measure: (text) => text.length * 10 });
	stage.setViewport(800, 360);
	/** Let `ms` pass on the local clock (timers included). */
	const pass = async (ms: number) => {
		now += ms;
		await vi.advanceTimersByTimeAsync(ms);
	};
	return { stage, pass };
}

describe('DanmakuStage', () => {
	it('puts items in lanes, as text, and takes them off after they crossed', async () => {
		const { stage, pass } = setup();
		expect(stage.add({ text: 'hello' })).toBe(true);
		expect(stage.add({ text: 'world', color: '#ff0000', own: true })).toBe(true);
		expect(stage.items).toMatchObject([
			{ text: 'hello', mode: 'scroll', lane: 0, widthPx: 50, color: null },
			{ text: 'world', lane: 1, color: '#ff0000', own: true },
		]);
		await pass(8_600);
		expect(stage.items).toEqual([]);
	});

	it('keeps fixed top and bottom items in their own rows', () => {
		const { stage } = setup();
		stage.add({ text: 'top', mode: 'top' });
		stage.add({ text: 'bottom', mode: 'bottom' });
		expect(stage.items.map((i) => [i.mode, i.lane])).toEqual([
			['top', 0],
			['bottom', 0],
		]);
	});

	it('holds new items while paused and lets them fly on resume; its clock stops', async () => {
		const { stage, pass } = setup();
		stage.add({ text: 'before' });
		stage.setPaused(true);
		const frozen = stage.stageNow();
		await pass(20_000);
		expect(stage.stageNow()).toBe(frozen);
		expect(stage.items).toHaveLength(1); // not swept while paused
		stage.add({ text: 'during' });
		expect(stage.items).toHaveLength(1);
		expect(stage.waiting).toBe(1);
		stage.setPaused(false);
		expect(stage.items.map((i) => i.text)).toEqual(['before', 'during']);
	});

	it('waits for a free lane, and drops what waited too long', async () => {
		const { stage, pass } = setup();
		stage.setDensity('low'); // 4 lanes, 12 items
		for (let i = 0; i < 6; i += 1) stage.add({ text: `message number ${i}` });
		expect(stage.items).toHaveLength(4);
		expect(stage.waiting).toBe(2);
		await pass(2_000);
		expect(stage.items).toHaveLength(6);
		for (let i = 0; i < 8; i += 1) stage.add({ text: 'x'.repeat(60) });
		await pass(BACKLOG_WAIT_MS + 400);
		expect(stage.waiting).toBe(0);
	});

	it('folds whitespace and cuts long texts; ignores bad colours', () => {
		expect(danmakuText('  a \n\n b  ')).toBe('a b');
		expect([...danmakuText('长'.repeat(100))]).toHaveLength(MAX_TEXT);
		const { stage } = setup();
		stage.add({ text: 'x', color: 'red; background: url(x)' });
		expect(stage.items[0]?.color).toBeNull();
		expect(stage.add({ text: '   ' })).toBe(false);
	});

	it('clears everything', () => {
		const { stage } = setup();
		stage.add({ text: 'a' });
		stage.clear();
		expect(stage.items).toEqual([]);
	});
});
