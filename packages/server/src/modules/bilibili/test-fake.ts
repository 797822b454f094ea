/**
 * Test helpers (not a test file): the real fake upstream on an ephemeral loopback port, a clock
 * shared between it and our code, and a service configured against it. One media catalogue per
 * worker; everything started here is closed when the test ends.
 */
import {
	loadMedia,
	start,
	type FakeBilibiliOptions,
	type RunningFake,
} from '@videotogether/fake-bilibili';
import { onTestFinished } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import type { BilibiliConfig } from './bilibili.config.js';
import { BilibiliService, type BilibiliServiceOptions } from './bilibili.service.js';
import type { FetchFn } from './upstream-http.js';

let media: ReturnType<typeof loadMedia> | undefined;

/** 2026-01-01T00:00:00Z. */
export const START_MS = Date.UTC(2026, 0, 1);
export const TEST_SECRET = 'test-secret-for-bilibili-tokens-0123456789';

/** Service options for tests; `config` entries override the fake-pointing config. */
export type ServiceOverrides = Partial<Omit<BilibiliServiceOptions, 'config'>> & {
	config?: Partial<BilibiliConfig>;
};

export interface FakeSetup {
	fake: RunningFake;
	/** Our clock; the fake reads it too, plus `fakeOffsetMs`. */
	clock: ManualClock;
	/** Shifts only the fake's clock (e.g. to expire links upstream while ours still looks valid). */
	fakeOffsetMs: { value: number };
	config: BilibiliConfig;
	service: (overrides?: ServiceOverrides) => BilibiliService;
}

/** Starts the fake on port 0 and returns a config pointing at it (CDN = 127.0.0.1:<port>). */
export async function startFake(options: FakeBilibiliOptions = {}): Promise<FakeSetup> {
	media ??= loadMedia();
	const clock = new ManualClock(START_MS);
	const fakeOffsetMs = { value: 0 };
	const fake = await start(0, {
		media: await media,
		now: () => clock.nowMs() + fakeOffsetMs.value,
		...options,
	});
	onTestFinished(async () => {
		const closing = fake.close();
		// undici may leave a fresh, request-less connection behind after an abort; don't wait for it.
		fake.app.server.closeAllConnections();
		await closing;
	});
	const config: BilibiliConfig = {
		apiBase: fake.url,
		shortlinkBase: fake.url,
		cdnHosts: [`127.0.0.1:${fake.port}`],
		pcdnHosts: ['localhost'],
		playback: 'auto',
		cookie: null,
		upstreamTimeoutMs: 1500,
		maxUpstreamBytes: 4 * 1024 * 1024,
	};
	const service = (overrides: ServiceOverrides = {}) =>
		new BilibiliService({
			secret: TEST_SECRET,
			clock,
			lookup: async () => ['93.184.216.34'],
			...overrides,
			config: { ...config, ...overrides.config },
		});
	return { fake, clock, fakeOffsetMs, config, service };
}

/** A fetch that records every URL it is asked for. */
export function recordingFetch(inner: FetchFn = fetch): { fetch: FetchFn; urls: string[] } {
	const urls: string[] = [];
	const wrapped: FetchFn = (input, init) => {
		urls.push(input instanceof Request ? input.url : String(input));
		return inner(input, init);
	};
	return { fetch: wrapped, urls };
}
