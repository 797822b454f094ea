const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
	['minute', 60_000],
	['hour', 3_600_000],
	['day', 86_400_000],
	['week', 604_800_000],
	['month', 2_592_000_000],
	['year', 31_536_000_000],
];

/**
 * How long ago `thenMs` was, in the UI language ("5 minutes ago", "5分钟前", "yesterday"); null
 * under a minute (the caller says "now" its own way).
 */
export function formatAgo(thenMs: number, nowMs: number, locale: string): string | null {
	const elapsed = Math.max(0, nowMs - thenMs);
	if (elapsed < 60_000) return null;
	const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
	let chosen = UNITS[0] as (typeof UNITS)[number];
	for (const unit of UNITS) if (elapsed >= unit[1]) chosen = unit;
	return format.format(-Math.floor(elapsed / chosen[1]), chosen[0]);
}

/** A full date and time in the UI language (for tooltips). */
export function formatDateTime(ms: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}
