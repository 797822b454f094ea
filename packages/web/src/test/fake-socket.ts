import type { AppSocket } from '../lib/api/socket.js';

type Handler = (...args: unknown[]) => void;

/**
 * Just enough of a socket.io client for RoomState: records emits, answers acks from a table of
 * replies, lets tests fire server events.
 */
export class FakeSocket {
	id = 'socket-1';
	connected = false;
	active = false;
	readonly emitted: { event: string; args: unknown[] }[] = [];
	/** How the fake server answers each event with an ack (undefined: never answers). */
	replies: Record<string, ((payload: unknown) => unknown) | undefined> = {
		control: () => ({ ok: true }),
	};
	#handlers = new Map<string, Handler[]>();

	on(event: string, handler: Handler): this {
		this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), handler]);
		return this;
	}

	emit(event: string, ...args: unknown[]): this {
		this.emitted.push({ event, args });
		const ack = args.at(-1);
		const reply = this.replies[event];
		if (typeof ack === 'function' && reply !== undefined) {
			const answer = reply(args[0]);
			queueMicrotask(() => (ack as Handler)(answer));
		}
		return this;
	}

	/** `socket.timeout(ms).emitWithAck(...)` and `socket.volatile.emit(...)`. */
	timeout(ms: number) {
		return {
			emitWithAck: (event: string, ...args: unknown[]) =>
				new Promise<unknown>((resolve, reject) => {
					const timer = setTimeout(() => reject(new Error('operation has timed out')), ms);
					this.emit(event, ...args, (answer: unknown) => {
						clearTimeout(timer);
						resolve(answer);
					});
				}),
		};
	}

	get volatile(): this {
		return this;
	}

	/** Emits of one event, by payload. */
	sent(event: string): unknown[] {
		return this.emitted.filter((e) => e.event === event).map((e) => e.args[0]);
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
		if (event === 'disconnect') this.connected = false;
		for (const handler of this.#handlers.get(event) ?? []) handler(...args);
	}

	asSocket(): AppSocket {
		return this as unknown as AppSocket;
	}
}
