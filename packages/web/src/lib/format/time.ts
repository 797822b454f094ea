/**
 * A media position as `mm:ss` under an hour and `h:mm:ss` from an hour on. Negative and
 * non-finite inputs show as `00:00`; fractions of a second are dropped (floor).
 */
export function formatTime(ms: number): string {
	const totalSeconds = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
	const hours = Math.floor(totalSeconds / 3600);
	const minutes = Math.floor((totalSeconds % 3600) / 60);
	const seconds = totalSeconds % 60;
	const ss = String(seconds).padStart(2, '0');
	if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
	return `${String(minutes).padStart(2, '0')}:${ss}`;
}
