import { describe, expect, it } from 'vitest';
import { MEDIA, roomPlayback } from '../../test/fake-player.js';
import { Timeline } from './timeline.js';

const state = (overrides: Parameters<typeof roomPlayback>[0]) => roomPlayback(overrides).playback;

describe('Timeline', () => {
	it('keeps the previous state in force until the new anchor', () => {
		const timeline = new Timeline();
		timeline.push(state({ seq: 1, paused: true, positionMs: 5000, anchorMs: 1000 }));
		timeline.push(state({ seq: 2, paused: false, positionMs: 5000, anchorMs: 2000 }));
		expect(timeline.effective(1999)?.seq).toBe(1);
		expect(timeline.pending(1999)?.seq).toBe(2);
		expect(timeline.effective(2000)?.seq).toBe(2);
		expect(timeline.pending(2000)).toBeNull();
	});

	it('ignores older seqs and replaces an equal one', () => {
		const timeline = new Timeline();
		timeline.push(state({ seq: 3, anchorMs: 0 }));
		expect(timeline.push(state({ seq: 2, anchorMs: 0 }))).toBe(false);
		expect(timeline.push(state({ seq: 3, anchorMs: 0, positionMs: 7 }))).toBe(true);
		expect(timeline.effective(10)?.positionMs).toBe(7);
	});

	it('starts over on new media and answers the oldest state when no anchor has passed', () => {
		const timeline = new Timeline();
		timeline.push(state({ seq: 1, anchorMs: 0 }));
		const other = { ...MEDIA, id: 'other' };
		timeline.push(state({ seq: 2, media: other, paused: false, anchorMs: 5000 }));
		expect(timeline.effective(1000)?.media?.id).toBe('other');
		expect(timeline.pending(1000)).toBeNull();
	});
});
