import { DEFAULT_ROOM_ID } from '@videotogether/shared';

/** A room's name as shown: the default room is the lobby (大厅) in the UI language. */
export function roomDisplayName(room: { id: string; name: string }, lobby: string): string {
	if (room.id === DEFAULT_ROOM_ID || room.name.trim() === '') return lobby;
	return room.name;
}
