import { describe, expect, it } from 'vitest';
import { LOCKED_SEASON, SEASON } from './fixtures.js';
import { BROWSER_HEADERS, testFake } from './test/harness.js';

interface SeasonBody {
	code: number;
	message: string;
	result: {
		season_id: number;
		title: string;
		episodes: {
			id: number;
			ep_id: number;
			aid: number;
			bvid: string;
			cid: number;
			title: string;
			long_title: string;
			duration: number;
			cover: string;
		}[];
	};
}

describe('pgc/view/web/season', () => {
	it.each([`ep_id=${SEASON.episodes[1]?.epId}`, `season_id=${SEASON.seasonId}`])(
		'?%s',
		async (query) => {
			const app = await testFake();
			const body = (await app.inject(`/pgc/view/web/season?${query}`)).json<SeasonBody>();
			expect([body.code, body.message]).toEqual([0, 'success']);
			expect(body.result.season_id).toBe(SEASON.seasonId);
			expect(
				body.result.episodes.map((e) => [e.id, e.ep_id, e.aid, e.bvid, e.cid, e.duration]),
			).toEqual(SEASON.episodes.map((e) => [e.epId, e.epId, e.aid, e.bvid, e.cid, 10_000]));
			expect(body.result.episodes[0]?.long_title).toBe('同步的开始');
		},
	);

	it.each([
		['ep_id=1', -404],
		['season_id=1', -404],
		['', -400],
	])('?%s → %s', async (query, code) => {
		const app = await testFake();
		expect((await app.inject(`/pgc/view/web/season?${query}`)).json()).toMatchObject({ code });
	});
});

describe('pgc/player/web/playurl', () => {
	it.each([`ep_id=${SEASON.episodes[0]?.epId}`, `cid=${SEASON.episodes[1]?.cid}`])(
		'?%s → result.dash (no WBI)',
		async (query) => {
			const app = await testFake();
			const res = await app.inject({
				url: `/pgc/player/web/playurl?${query}&fnval=4048&fnver=0&fourk=1&qn=64`,
				headers: BROWSER_HEADERS,
			});
			const body = res.json<{
				code: number;
				message: string;
				result: { type: string; dash: { video: { id: number }[]; audio: unknown[] } };
			}>();
			expect([body.code, body.message, body.result.type]).toEqual([0, 'success', 'DASH']);
			expect(body.result.dash.video.length).toBeGreaterThan(0);
			expect(body.result.dash.audio).toHaveLength(2);
		},
	);

	it('answers the MP4 shape without the DASH flag', async () => {
		const app = await testFake();
		const res = await app.inject({
			url: `/pgc/player/web/playurl?ep_id=${SEASON.episodes[0]?.epId}&fnval=1`,
			headers: BROWSER_HEADERS,
		});
		expect(res.json()).toMatchObject({ code: 0, result: { type: 'MP4', durl: [{ order: 1 }] } });
	});

	it('region-locked episode → -10403', async () => {
		const app = await testFake();
		const res = await app.inject({
			url: `/pgc/player/web/playurl?ep_id=${LOCKED_SEASON.episodes[0]?.epId}&fnval=4048`,
			headers: BROWSER_HEADERS,
		});
		expect(res.statusCode).toBe(200);
		expect(res.json()).toEqual({ code: -10403, message: '抱歉您所在地区不可观看！' });
	});

	it('the locked season itself is viewable', async () => {
		const app = await testFake();
		const body = (
			await app.inject(`/pgc/view/web/season?season_id=${LOCKED_SEASON.seasonId}`)
		).json<SeasonBody>();
		expect(body.result.episodes).toHaveLength(1);
	});

	it('unknown episode → -404', async () => {
		const app = await testFake();
		expect(
			(
				await app.inject({
					url: '/pgc/player/web/playurl?ep_id=1&fnval=4048',
					headers: BROWSER_HEADERS,
				})
			).json(),
		).toMatchObject({ code: -404 });
	});
});
