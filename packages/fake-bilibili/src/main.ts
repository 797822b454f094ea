/**
 * `pnpm --filter @videotogether/fake-bilibili start`: runs the fake on FAKE_BILIBILI_PORT
 * (default 5055) on loopback and prints the settings that point the app at it.
 */
import { start } from './app.js';
import { ensureMedia } from './media.js';

const raw = process.env.FAKE_BILIBILI_PORT ?? '5055';
const port = Number(raw);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`FAKE_BILIBILI_PORT must be a port number, got '${raw}'`);
	process.exit(1);
}

const media = await ensureMedia();
if (media.generated.length > 0) {
	console.log(`generated ${media.generated.length} media file(s) in ${media.elapsedMs} ms`);
}
const fake = await start(port);
const host = new URL(fake.url).host;
console.log(`fake bilibili listening on ${fake.url} (PCDN host ${fake.pcdnUrl})`);
console.log('point the app at it with:');
console.log(`  BILIBILI_API_BASE=${fake.url}`);
console.log(`  BILIBILI_SHORTLINK_BASE=${fake.url}`);
console.log(`  BILIBILI_CDN_HOSTS=${host}`);
console.log(
	`(one stream's baseUrl uses the PCDN host ${new URL(fake.pcdnUrl).host}; keep it off the list)`,
);

const stop = (): void => {
	void fake.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
