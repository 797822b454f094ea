/** What orders a room's states: the room and its monotonically growing `seq`. */
export interface Ordered {
	room: string;
	seq: number;
}

/** True when `state` is not older than the last state seen for its room (by `seq`). */
export function isFreshState(lastSeqByRoom: ReadonlyMap<string, number>, state: Ordered): boolean {
	const last = lastSeqByRoom.get(state.room);
	return last === undefined || state.seq >= last;
}

/** Remembers the last `seq` per room and turns away older states. */
export class StateOrder {
	#lastSeq = new Map<string, number>();

	/** True (and remembered) when `state` is not older than the last one of its room. */
	accept(state: Ordered): boolean {
		if (!isFreshState(this.#lastSeq, state)) return false;
		this.#lastSeq.set(state.room, state.seq);
		return true;
	}

	/** Forget everything (after a reconnect the server may have restarted with lower seqs). */
	reset(): void {
		this.#lastSeq.clear();
	}
}
