// `pnpm dev:offline`: the whole app against the fake Bilibili (packages/fake-bilibili), so the
// full flow — paste a BV link, native playback through the proxy, short links, danmaku — works
// with no internet. Starts the fake on :5055, the server (watch mode) on :5000 pointed at it, and
// Vite on :5173. Try BV1y7411Q7Eq, BV17x411w7KC (3 parts), https://b23.tv/pigt3PQ.
import { spawn } from 'node:child_process';

const FAKE_PORT = process.env.FAKE_BILIBILI_PORT ?? '5055';
const fake = `http://127.0.0.1:${FAKE_PORT}`;
const env = {
	...process.env,
	FAKE_BILIBILI_PORT: FAKE_PORT,
	APP_SHARED_PASSWORD: process.env.APP_SHARED_PASSWORD ?? 'offline',
	BILIBILI_API_BASE: fake,
	BILIBILI_SHORTLINK_BASE: fake,
	BILIBILI_CDN_HOSTS: `127.0.0.1:${FAKE_PORT}`,
	BILIBILI_PCDN_HOSTS: 'localhost',
};

const children = [
	spawn('pnpm', ['--filter', '@videotogether/fake-bilibili', 'start'], { env, stdio: 'inherit' }),
	spawn('pnpm', ['--filter', '@videotogether/server', 'dev'], { env, stdio: 'inherit' }),
	spawn('pnpm', ['--filter', '@videotogether/web', 'dev'], { env, stdio: 'inherit' }),
];
console.log(
	`\nOffline demo: open http://localhost:5173 (password "${env.APP_SHARED_PASSWORD}"); fake Bilibili on ${fake}\n`,
);
const stop = () => {
	for (const child of children) child.kill('SIGTERM');
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => code && code !== 0 && stop());
