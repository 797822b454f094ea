/**
 * The Redis the tests use: REDIS_URL or 127.0.0.1:6379. On a laptop without Redis the Redis
 * suites fail with a clear message; `.ci/run` starts one, and under CI=true it must be there.
 */
import { createConnection } from 'node:net';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function redisUrlForTests(): Promise<string> {
	const { hostname, port } = new URL(REDIS_URL);
	const reachable = await new Promise<boolean>((resolve) => {
		const socket = createConnection({ host: hostname, port: Number(port || 6379) });
		socket.once('connect', () => {
			socket.end();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
		socket.setTimeout(1_000, () => {
			socket.destroy();
			resolve(false);
		});
	});
	if (!reachable) {
		throw new Error(
			`Redis is not reachable at ${REDIS_URL}. Start one (redis-server --port 6379) or set REDIS_URL; the Redis store tests need it.`,
		);
	}
	return REDIS_URL;
}
