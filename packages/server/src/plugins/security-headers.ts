/**
 * Security headers (@fastify/helmet) with a Content-Security-Policy that allows exactly what the
 * SPA and the players need: our own scripts and styles, Socket.IO over ws/wss, direct media URLs
 * from any http(s) host (and MSE blob: sources, hls.js workers), Bilibili covers, and the
 * Bilibili embed player in a frame. Nothing may frame us.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const CSP_DIRECTIVES = {
	defaultSrc: ["'self'"],
	scriptSrc: ["'self'"],
	styleSrc: ["'self'", "'unsafe-inline'"],
	imgSrc: ["'self'", 'data:', 'https://*.hdslb.com', 'https://*.bilibili.com'],
	mediaSrc: ["'self'", 'blob:', 'http:', 'https:'],
	connectSrc: ["'self'", 'ws:', 'wss:', 'http:', 'https:'],
	workerSrc: ["'self'", 'blob:'],
	frameSrc: ['https://player.bilibili.com', 'https://www.bilibili.com'],
	fontSrc: ["'self'", 'data:'],
	objectSrc: ["'none'"],
	baseUri: ["'self'"],
	formAction: ["'self'"],
	frameAncestors: ["'none'"],
	// Direct media may be plain http on a LAN: never rewrite it to https.
	upgradeInsecureRequests: null,
};

export default fp(
	async (app: FastifyInstance) => {
		await app.register(helmet, {
			contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
			crossOriginEmbedderPolicy: false,
			// The embed player and covers are cross-origin resources we display.
			crossOriginResourcePolicy: { policy: 'same-site' },
			referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
		});
	},
	{ name: 'security-headers' },
);
