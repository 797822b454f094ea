import type { AppSocket } from '../lib/api/socket.js';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client for RoomState: records emits, lets tests fire events. */
export class FakeSocket {
	connected = false;
	active = false;
	readonly emitted: { event: string; args: unknown[] }[] = [];
	/** How the fake server answers `control` (undefined: never answers). */
	controlReply: unknown = { ok: true };
	#handlers = new Map<string, Handler[]>();

	on(event: string, handler: Handler): this {
		this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), handler]);
		return this;
	}

	emit(event: string, ...args: unknown[]): this {
		this.emitted.push({ event, args });
		const ack = args.at(-1);
		if (event === 'control' && typeof ack === 'function' && this.controlReply !== undefined) {
			queueMicrotask(() => (ack as Handler)(this.controlReply));
		}
		return this;
	}

	connect(): this {
		this.active = true;
		return this;
	}

	disconnect(): this {
		this.active = false;
		this.connected = false;
		this.fire('disconnect', 'io client disconnect');
		return this;
	}

	/** Fires a server-side or lifecycle event at the registered handlers. */
	fire(event: string, ...args: unknown[]): void {
		if (event === 'connect') this.connected = true;
		for (const handler of this.#handlers.get(event) ?? []) handler(...args);
	}

	asSocket(): AppSocket {
		return this as unknown as AppSocket;
	}
}
