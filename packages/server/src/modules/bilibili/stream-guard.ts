/**
 * A pass-through stream for proxied media bytes: fails when upstream sends more than it announced
 * (or than the hard cap), and when upstream goes silent for too long. Nothing is buffered beyond
 * the usual stream high-water marks; backpressure flows through.
 */
import { Transform, type TransformCallback } from 'node:stream';

export class StreamGuard extends Transform {
	#seen = 0;
	#timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly maxBytes: number,
		private readonly idleMs: number,
		private readonly onIdle: () => void,
	) {
		super();
		this.#arm();
	}

	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.#seen += chunk.length;
		if (this.#seen > this.maxBytes) {
			callback(new Error(`upstream sent more than ${this.maxBytes} bytes`));
			return;
		}
		this.#arm();
		callback(null, chunk);
	}

	override _flush(callback: TransformCallback): void {
		clearTimeout(this.#timer);
		callback();
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		clearTimeout(this.#timer);
		callback(error);
	}

	#arm(): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.onIdle();
			this.destroy(new Error(`upstream idle for ${this.idleMs} ms`));
		}, this.idleMs);
		this.#timer.unref();
	}
}
