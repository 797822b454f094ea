/**
 * Runs tasks one at a time per key (one writer per room): a task for key K starts only after every
 * earlier task for K has settled. Keys are independent. A failing task does not block the next.
 */
export class SerialQueue {
	readonly #tails = new Map<string, Promise<unknown>>();

	run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
		const previous = this.#tails.get(key) ?? Promise.resolve();
		const result = previous.then(task, task);
		const tail = result.then(
			() => undefined,
			() => undefined,
		);
		this.#tails.set(key, tail);
		void tail.then(() => {
			if (this.#tails.get(key) === tail) this.#tails.delete(key);
		});
		return result;
	}

	/** Keys with work queued or running. */
	get activeKeys(): number {
		return this.#tails.size;
	}
}
