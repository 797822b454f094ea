/** Named one-shot timers per room (wait deadline, host absence, end of media). Re-arming replaces. */
export class RoomTimers {
	readonly #timers = new Map<string, NodeJS.Timeout>();

	/** Fire `task` at server time `atMs` (null: cancel). */
	arm(
		roomId: string,
		name: string,
		atMs: number | null,
		nowMs: number,
		task: () => Promise<unknown>,
	): void {
		const key = `${roomId}\u0000${name}`;
		clearTimeout(this.#timers.get(key));
		this.#timers.delete(key);
		if (atMs === null) return;
		// Node timers cap at ~24.8 days; nothing we schedule is that far out, but clamp anyway.
		const delay = Math.min(Math.max(0, atMs - nowMs), 2 ** 31 - 1);
		const timer = setTimeout(() => {
			this.#timers.delete(key);
			void task();
		}, delay);
		timer.unref();
		this.#timers.set(key, timer);
	}

	clearRoom(roomId: string): void {
		for (const [key, timer] of this.#timers) {
			if (key.startsWith(`${roomId}\u0000`)) {
				clearTimeout(timer);
				this.#timers.delete(key);
			}
		}
	}

	clearAll(): void {
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
	}
}
