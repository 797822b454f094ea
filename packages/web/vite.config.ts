import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { IncomingMessage } from 'node:http';
import { defineConfig, type ProxyOptions } from 'vite';

const target = `http://127.0.0.1:${process.env.APP_PORT ?? 5000}`;

/** `GET /login` (a page load) is the SPA; `POST /login` goes to the server. */
function loginBypass(req: IncomingMessage): string | undefined {
	const accept = req.headers.accept ?? '';
	if (req.method === 'GET' && accept.includes('text/html')) return '/index.html';
	return undefined;
}

const api: ProxyOptions = { target, changeOrigin: false };

export default defineConfig({
	plugins: [svelte()],
	base: '/',
	build: {
		outDir: 'dist',
		emptyOutDir: true,
		target: 'es2022',
		// hls.js and dash.js are large but lazy chunks, fetched only for HLS / DASH media.
		chunkSizeWarningLimit: 900,
	},
	server: {
		port: 5173,
		strictPort: true,
		proxy: {
			'/api': api,
			'/socket.io': { ...api, ws: true },
			'/logout': api,
			'/video': api,
			'/healthz': api,
			'/login': { ...api, bypass: loginBypass },
		},
	},
});
