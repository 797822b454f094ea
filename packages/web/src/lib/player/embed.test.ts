import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MEDIA } from '../../test/fake-player.js';
import { EMBED_CONFIRM_MS, EmbedAdapter, parsePlayerOperation } from './embed.js';

const BILI = {
	...MEDIA,
	id: 'bilibili:BV1:p1',
	kind: 'bilibili' as const,
	url: 'https://www.bilibili.com/video/BV1',
	embedUrl: 'https://player.bilibili.com/player.html?bvid=BV1&p=1',
	format: undefined,
};

function setup() {
	let now = 0;
	const iframe = document.createElement('iframe');
	document.body.append(iframe);
	const messages = new EventTarget();
	const adapter = new EmbedAdapter(iframe, {
		now: () => now,
		messages: messages as unknown as Window,
	});
	const src = () => new URL(iframe.getAttribute('src') ?? 'about:blank');
	const loaded = () => iframe.dispatchEvent(new Event('load'));
	const fromPlayer = (data: string) =>
		messages.dispatchEvent(Object.assign(new MessageEvent('message', { data }), {}) as Event);
	return {
		iframe,
		adapter,
		src,
		loaded,
		fromPlayer,
		messages,
		advance: (ms: number) => {
			now += ms;
			vi.advanceTimersByTime(ms);
		},
	};
}

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
	document.body.innerHTML = '';
});

describe('parsePlayerOperation', () => {
	it('reads the embed’s playerOperation messages and nothing else', () => {
		expect(parsePlayerOperation('playerOperation-{"type":"paused","value":{}}')).toBe('paused');
		expect(parsePlayerOperation('playerOperation-{"type":"playing"}')).toBe('playing');
		expect(parsePlayerOperation('playerOperation-{"type":"ended"}')).toBe('ended');
		expect(parsePlayerOperation('playerOperation-{bad')).toBeNull();
		expect(parsePlayerOperation({ type: 'paused' })).toBeNull();
		expect(parsePlayerOperation('setPlayer-{"type":"play"}')).toBeNull();
	});
});

describe('EmbedAdapter', () => {
	it('loads at whole seconds and resolves when the iframe has loaded', async () => {
		const t = setup();
		let done = false;
		const load = t.adapter
			.load(BILI, { startMs: 12_900, autoplay: false })
			.then(() => (done = true));
		expect(t.src().searchParams.get('t')).toBe('12');
		expect(t.src().searchParams.get('autoplay')).toBe('0');
		expect(t.adapter.status).toBe('loading');
		await Promise.resolve();
		expect(done).toBe(false);
		t.loaded();
		await load;
		expect(t.adapter.status).toBe('ready');
		expect(t.adapter.currentMs()).toBe(12_000);
		expect(t.adapter).toMatchObject({ precision: 'estimated', supportsRate: false });
	});

	it('estimates the position from its own clock while playing', async () => {
		const t = setup();
		const load = t.adapter.load(BILI, { startMs: 5000, autoplay: true });
		t.advance(1500);
		expect(t.adapter.currentMs()).toBe(5000);
		t.loaded();
		await load;
		t.advance(2000);
		expect(t.adapter.currentMs()).toBe(7000);
	});

	it('seeks by rebuilding src with t=, keeping play/pause', async () => {
		const t = setup();
		const load = t.adapter.load(BILI, { startMs: 0, autoplay: true });
		t.loaded();
		await load;
		t.adapter.seek(61_700);
		expect(t.src().searchParams.get('t')).toBe('61');
		expect(t.src().searchParams.get('autoplay')).toBe('1');
		expect(t.src().searchParams.get('bvid')).toBe('BV1');
	});

	it('without a known postMessage API, play and pause reload the iframe', async () => {
		const t = setup();
		const load = t.adapter.load(BILI, { startMs: 3000, autoplay: false });
		t.loaded();
		await load;
		expect(await t.adapter.play()).toBe('ok');
		expect(t.src().searchParams.get('autoplay')).toBe('1');
		expect(t.adapter.paused).toBe(false);
		t.loaded();
		t.advance(4000);
		t.adapter.pause();
		expect(t.src().searchParams.get('autoplay')).toBe('0');
		expect(t.src().searchParams.get('t')).toBe('7');
	});

	it('once the player has spoken, uses setPlayer messages and falls back when unconfirmed', async () => {
		const t = setup();
		const post = vi.fn();
		Object.defineProperty(t.iframe, 'contentWindow', { value: { postMessage: post } });
		const load = t.adapter.load(BILI, { startMs: 0, autoplay: true });
		t.loaded();
		await load;
		const source = t.iframe.contentWindow;
		const say = (data: string) =>
			t.messages.dispatchEvent(new MessageEvent('message', { data, source: source as Window }));
		say('playerOperation-{"type":"playing"}');
		const before = t.src().href;
		t.adapter.pause();
		expect(post).toHaveBeenCalledWith(
			'setPlayer-{"type":"play","value":false}',
			'https://player.bilibili.com',
		);
		expect(t.src().href).toBe(before);
		say('playerOperation-{"type":"paused","value":{}}');
		t.advance(EMBED_CONFIRM_MS + 10);
		expect(t.src().href).toBe(before);
		// No confirmation this time: reload.
		void t.adapter.play();
		t.advance(EMBED_CONFIRM_MS + 10);
		expect(t.src().searchParams.get('autoplay')).toBe('1');
		expect(t.src().href).not.toBe(before);
	});

	it('ignores messages from other windows', async () => {
		const t = setup();
		const load = t.adapter.load(BILI, { startMs: 0, autoplay: true });
		t.loaded();
		await load;
		t.fromPlayer('playerOperation-{"type":"paused"}');
		expect(t.adapter.paused).toBe(false);
	});
});
