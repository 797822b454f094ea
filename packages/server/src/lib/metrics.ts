/**
 * Prometheus metrics (prom-client) in a registry of this app instance. Besides process defaults:
 * sockets, rooms and viewers, command → broadcast latency, the drift clients report (the sync
 * quality number no other watch-party exports), corrections by kind, logins that failed,
 * upstream (Bilibili) outcomes and media proxy traffic.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export class Metrics {
	readonly registry = new Registry();
	readonly sockets = new Gauge({
		name: 'vt_connected_sockets',
		help: 'Socket.IO connections on this process',
		registers: [this.registry],
	});
	readonly rooms = new Gauge({
		name: 'vt_rooms',
		help: 'Rooms known to this process',
		registers: [this.registry],
	});
	readonly viewers = new Gauge({
		name: 'vt_room_viewers',
		help: 'Viewers per room',
		labelNames: ['room'],
		registers: [this.registry],
	});
	readonly commandLatency = new Histogram({
		name: 'vt_command_broadcast_seconds',
		help: 'Playback command received → new state broadcast',
		labelNames: ['type'],
		buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
		registers: [this.registry],
	});
	readonly drift = new Histogram({
		name: 'vt_client_drift_ms',
		help: 'Absolute drift clients report between their player and the room timeline (ms)',
		labelNames: ['kind'],
		buckets: [5, 10, 20, 33, 40, 50, 100, 250, 500, 1000, 2000, 5000],
		registers: [this.registry],
	});
	readonly corrections = new Counter({
		name: 'vt_corrections_total',
		help: 'Drift corrections clients applied, by kind',
		labelNames: ['kind'],
		registers: [this.registry],
	});
	readonly loginFailures = new Counter({
		name: 'vt_login_failures_total',
		help: 'Failed logins by reason',
		labelNames: ['reason'],
		registers: [this.registry],
	});
	readonly upstream = new Counter({
		name: 'vt_upstream_requests_total',
		help: 'Requests to Bilibili by endpoint and outcome',
		labelNames: ['endpoint', 'outcome'],
		registers: [this.registry],
	});
	readonly proxyBytes = new Counter({
		name: 'vt_proxy_bytes_total',
		help: 'Media bytes streamed through the proxy',
		registers: [this.registry],
	});
	readonly proxyStreams = new Gauge({
		name: 'vt_proxy_active_streams',
		help: 'Media proxy streams in flight',
		registers: [this.registry],
	});

	constructor(options: { defaults?: boolean } = {}) {
		if (options.defaults !== false)
			collectDefaultMetrics({ register: this.registry, prefix: 'vt_' });
	}
}
