/** Counts concurrent proxied streams per client IP and in total, so one viewer cannot hog egress. */
export class ProxySlots {
	readonly #perClient = new Map<string, number>();
	#total = 0;

	constructor(
		private readonly maxPerClient: number,
		private readonly maxTotal: number,
	) {}

	/** Takes a slot; returns its release function (idempotent), or null when a limit is reached. */
	acquire(client: string): (() => void) | null {
		const mine = this.#perClient.get(client) ?? 0;
		if (mine >= this.maxPerClient || this.#total >= this.maxTotal) return null;
		this.#perClient.set(client, mine + 1);
		this.#total++;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.#total--;
			const left = (this.#perClient.get(client) ?? 1) - 1;
			if (left <= 0) this.#perClient.delete(client);
			else this.#perClient.set(client, left);
		};
	}

	get active(): number {
		return this.#total;
	}
}
