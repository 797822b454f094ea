import { describe, expect, it } from 'vitest';
import type { Media } from '../schemas/media.js';
import type { QueueItem } from '../schemas/room.js';
import { reduceRoom, type CommandContext, type RoomCommand } from './room.machine.js';
import {
	DEFAULT_SYNC_SETTINGS,
	initialRoomState,
	mediaEndsAtMs,
	roomPhase,
	type RoomState,
} from './room.state.js';

const T0 = 1_700_000_000_000;
const settings = DEFAULT_SYNC_SETTINGS;
const host = { id: 'u-host', name: 'Host' };
const guest = { id: 'u-guest', name: 'Guest' };
const ctx = (nowMs: number, actor: CommandContext['actor'] = host): CommandContext => ({
	nowMs,
	actor,
	settings,
});
const media = (id: string, durationMs?: number): Media => ({
	id,
	kind: 'direct',
	url: `https://x.test/${id}.mp4`,
	format: 'mp4',
	...(durationMs === undefined ? {} : { durationMs }),
});
const item = (id: string, by = host): QueueItem => ({
	id,
	media: media(`m-${id}`),
	addedBy: by.name,
	addedById: by.id,
	addedAt: T0,
});

function apply(state: RoomState, command: RoomCommand, c = ctx(T0)) {
	return reduceRoom(state, command, c);
}

function hostRoom(mode: 'everyone' | 'host' = 'host'): RoomState {
	let s = initialRoomState(T0, {
		id: 'film',
		name: 'Film',
		controlMode: mode,
		hostId: host.id,
		hostName: host.name,
		createdBy: host.id,
	});
	s = apply(s, {
		type: 'member-join',
		member: { id: 'c-host', userId: host.id, name: host.name },
	}).state;
	s = apply(s, {
		type: 'member-join',
		member: { id: 'c-guest', userId: guest.id, name: guest.name },
	}).state;
	return s;
}

const ids = (s: RoomState) => s.queue.map((i) => i.id);

describe('queue', () => {
	it('anyone may add; items keep their order', () => {
		let s = hostRoom();
		s = apply(s, { type: 'queue-add', item: item('a') }).state;
		const r = apply(s, { type: 'queue-add', item: item('b', guest) }, ctx(T0, guest));
		expect(ids(r.state)).toEqual(['a', 'b']);
		expect(r.effects).toEqual([{ kind: 'room-changed' }]);
	});

	it('reorders and removes; a guest may remove only their own items in host-only mode', () => {
		let s = hostRoom();
		for (const [i, by] of [
			['a', host],
			['b', guest],
			['c', host],
		] as const)
			s = apply(s, { type: 'queue-add', item: item(i, by) }).state;
		expect(ids(apply(s, { type: 'queue-move', itemId: 'c', toIndex: 0 }).state)).toEqual([
			'c',
			'a',
			'b',
		]);
		expect(ids(apply(s, { type: 'queue-move', itemId: 'a', toIndex: 99 }).state)).toEqual([
			'b',
			'c',
			'a',
		]);
		expect(
			apply(s, { type: 'queue-move', itemId: 'a', toIndex: 2 }, ctx(T0, guest)).effects[0],
		).toMatchObject({ code: 'not_allowed' });
		expect(ids(apply(s, { type: 'queue-remove', itemId: 'b' }, ctx(T0, guest)).state)).toEqual([
			'a',
			'c',
		]);
		expect(
			apply(s, { type: 'queue-remove', itemId: 'a' }, ctx(T0, guest)).effects[0],
		).toMatchObject({ code: 'not_allowed' });
		expect(apply(s, { type: 'queue-remove', itemId: 'zzz' }).effects[0]).toMatchObject({
			code: 'not_found',
		});
	});

	it('playing an item now loads it with a lead-in and removes it from the queue', () => {
		let s = hostRoom();
		s = apply(s, { type: 'queue-add', item: item('a') }).state;
		s = apply(s, { type: 'queue-add', item: item('b') }).state;
		const r = apply(s, { type: 'queue-play', itemId: 'b' }, ctx(T0 + 10));
		expect(r.state.playback).toMatchObject({
			media: { id: 'm-b' },
			paused: false,
			positionMs: 0,
			anchorMs: T0 + 10 + settings.autoplayLeadMs,
		});
		expect(ids(r.state)).toEqual(['a']);
	});

	it('auto-advances to the next item when the current one ends, and stops at the end of the queue', () => {
		let s = hostRoom();
		s = apply(s, { type: 'load', media: media('cur'), startMs: 0 }).state;
		s = apply(s, { type: 'play' }).state;
		expect(mediaEndsAtMs(s)).toBeNull();
		s = apply(s, { type: 'media-duration', mediaId: 'cur', durationMs: 60_000 }).state;
		expect(mediaEndsAtMs(s)).toBe(T0 + 150 + 60_000);
		s = apply(s, { type: 'queue-add', item: item('next') }).state;
		// A stale advance (for other media) does nothing.
		expect(apply(s, { type: 'advance', mediaId: 'old' }, ctx(T0 + 60_150, null)).state).toBe(s);
		const advanced = apply(s, { type: 'advance', mediaId: 'cur' }, ctx(T0 + 60_150, null)).state;
		expect(advanced.playback).toMatchObject({
			media: { id: 'm-next' },
			paused: false,
			anchorMs: T0 + 60_150 + 1_500,
		});
		expect(advanced.queue).toEqual([]);
		const withDuration = apply(advanced, {
			type: 'media-duration',
			mediaId: 'm-next',
			durationMs: 10_000,
		}).state;
		const ended = apply(
			withDuration,
			{ type: 'advance', mediaId: 'm-next' },
			ctx(T0 + 80_000, null),
		).state;
		expect(roomPhase(ended)).toBe('paused');
		expect(ended.playback.positionMs).toBe(10_000);
	});

	it('learns a duration once and only for the current media', () => {
		let s = hostRoom();
		s = apply(s, { type: 'load', media: media('cur'), startMs: 0 }).state;
		s = apply(s, { type: 'media-duration', mediaId: 'cur', durationMs: 1_000.4 }).state;
		expect(s.playback.media?.durationMs).toBe(1_000);
		expect(apply(s, { type: 'media-duration', mediaId: 'cur', durationMs: 5 }).state).toBe(s);
		expect(apply(s, { type: 'media-duration', mediaId: 'other', durationMs: 5 }).state).toBe(s);
	});

	it('upgrades a queued item once the server has resolved it, and ignores stale answers', () => {
		let s = hostRoom();
		s = apply(s, { type: 'queue-add', item: item('a') }).state;
		s = apply(s, { type: 'queue-add', item: item('b') }).state;
		const resolved: Media = {
			...media('m-b', 90_000),
			playback: { mode: 'native', reason: null, manifestUrl: '/api/bili/manifest/t' },
		};
		const r = apply(s, { type: 'queue-prepared', itemId: 'b', media: resolved }, ctx(T0, null));
		expect(r.effects).toEqual([{ kind: 'room-changed' }]);
		expect(r.state.queue[1]?.media.playback?.mode).toBe('native');
		expect(r.state.queue[0]).toBe(s.queue[0]);
		// Removed meanwhile, or an answer for other media: nothing changes.
		expect(apply(s, { type: 'queue-prepared', itemId: 'gone', media: resolved }).state).toBe(s);
		const other = { ...resolved, id: 'm-other' };
		expect(apply(s, { type: 'queue-prepared', itemId: 'b', media: other }).state).toBe(s);
		// When its turn comes, the room starts it on the prepared player.
		const played = apply(r.state, { type: 'queue-play', itemId: 'b' }).state;
		expect(played.playback.media?.playback?.manifestUrl).toBe('/api/bili/manifest/t');
	});

	it('skips to the next item only when the queue has one', () => {
		const s = hostRoom();
		expect(apply(s, { type: 'queue-next' }).effects[0]).toMatchObject({ code: 'not_found' });
		expect(apply(s, { type: 'queue-next' }, ctx(T0, guest)).effects[0]).toMatchObject({
			code: 'not_allowed',
		});
	});
});
