import type { ControlMode, RoomSummary } from '@videotogether/shared';
import { api, type HttpResult } from '../api/http.js';

export type RoomsPhase = 'idle' | 'loading' | 'ready' | 'error';
/** Why the user landed on the list: the room they were in was deleted (by them or the host). */
export type RoomsNotice = 'closed' | 'deleted' | null;

/** The room list (`GET /api/rooms`), creating and deleting rooms. */
export class RoomsState {
	#rooms = $state.raw<RoomSummary[]>([]);
	#phase = $state<RoomsPhase>('idle');
	#error = $state<string | null>(null);
	#notice = $state<RoomsNotice>(null);

	get rooms(): RoomSummary[] {
		return this.#rooms;
	}
	get phase(): RoomsPhase {
		return this.#phase;
	}
	get error(): string | null {
		return this.#error;
	}
	get notice(): RoomsNotice {
		return this.#notice;
	}
	set notice(notice: RoomsNotice) {
		this.#notice = notice;
	}

	async load(): Promise<void> {
		if (this.#phase === 'idle' || this.#phase === 'error') this.#phase = 'loading';
		const result = await api.rooms();
		if (result.ok) {
			this.#rooms = result.data.rooms;
			this.#phase = 'ready';
			this.#error = null;
		} else {
			this.#error = result.error;
			this.#phase = this.#rooms.length > 0 ? 'ready' : 'error';
		}
	}

	async create(
		name: string,
		controlMode: ControlMode,
	): Promise<HttpResult<{ ok: true; room: RoomSummary }>> {
		const result = await api.createRoom(name, controlMode);
		if (result.ok) this.#rooms = [...this.#rooms, result.data.room];
		return result;
	}

	async remove(id: string): Promise<HttpResult<{ ok: true }>> {
		const result = await api.deleteRoom(id);
		if (result.ok) this.#rooms = this.#rooms.filter((r) => r.id !== id);
		return result;
	}
}

export const rooms = new RoomsState();
