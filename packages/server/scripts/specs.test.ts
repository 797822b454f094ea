import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApi, generateSocketEvents } from './specs.js';

const read = (name: string) =>
	readFileSync(new URL(`../../../specs/${name}`, import.meta.url), 'utf8');

describe('specs/ contracts', () => {
	it('openapi.json matches the route schemas (run `pnpm specs` after changing a route)', async () => {
		const generated = await generateOpenApi();
		expect(JSON.parse(read('openapi.json'))).toEqual(JSON.parse(generated));
		const doc = JSON.parse(generated) as { paths: Record<string, unknown> };
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining([
				'/login',
				'/logout',
				'/video',
				'/api/session',
				'/api/auth/options',
				'/healthz',
			]),
		);
	});

	it('socket-events.json matches the shared schemas', () => {
		expect(JSON.parse(read('socket-events.json'))).toEqual(JSON.parse(generateSocketEvents()));
	});
});
