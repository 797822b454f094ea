/** The server's only source of time. Domain code receives `nowMs` from here, never from `Date.now()`. */
export interface Clock {
	nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
	constructor(private current = 1_700_000_000_000) {}
	nowMs(): number {
		return this.current;
	}
	advance(ms: number): void {
		this.current += ms;
	}
}
