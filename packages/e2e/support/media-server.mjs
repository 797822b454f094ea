// A small static media host for the tests and benchmarks — the "somewhere on the internet" that
// direct media URLs point at. Serves packages/e2e/.media with Range/HEAD support and permissive
// CORS (hls.js/dash.js fetch with XHR). Usage: node support/media-server.mjs [port]
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { ensureMedia, MEDIA_DIR } from './media.mjs';

const TYPES = {
	'.mp4': 'video/mp4',
	'.webm': 'video/webm',
	'.m3u8': 'application/vnd.apple.mpegurl',
	'.mpd': 'application/dash+xml',
	'.m4s': 'video/iso.segment',
	'.ts': 'video/mp2t',
};

export function startMediaServer(port, host = '127.0.0.1') {
	ensureMedia();
	const server = createServer((req, res) => {
		const path = normalize(
			decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname),
		).replace(/^(\.\.[/\\])+/, '');
		res.setHeader('access-control-allow-origin', '*');
		res.setHeader('access-control-expose-headers', 'content-length, content-range, accept-ranges');
		if (req.method === 'OPTIONS') {
			res.setHeader('access-control-allow-headers', 'range');
			res.writeHead(204).end();
			return;
		}
		if (path === '/healthz') {
			res.writeHead(200).end('ok');
			return;
		}
		const file = join(MEDIA_DIR, path);
		let size;
		try {
			const stat = statSync(file);
			if (!stat.isFile()) throw new Error('not a file');
			size = stat.size;
		} catch {
			res.writeHead(404).end();
			return;
		}
		res.setHeader('accept-ranges', 'bytes');
		res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
		const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
		let start = 0;
		let end = size - 1;
		if (range && (range[1] || range[2])) {
			if (range[1]) {
				start = Number(range[1]);
				end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
			} else {
				start = Math.max(0, size - Number(range[2]));
			}
			if (start > end || start >= size) {
				res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
				return;
			}
			res.writeHead(206, {
				'content-range': `bytes ${start}-${end}/${size}`,
				'content-length': end - start + 1,
			});
		} else {
			res.writeHead(200, { 'content-length': size });
		}
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		const stream = createReadStream(file, { start, end });
		stream.pipe(res);
		res.on('close', () => stream.destroy());
	});
	return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const port = Number(process.argv[2] ?? process.env.E2E_MEDIA_PORT ?? 5098);
	await startMediaServer(port);
	console.log(`media server on http://127.0.0.1:${port}`);
}
