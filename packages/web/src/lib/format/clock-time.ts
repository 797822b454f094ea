/** A message's time of day in the UI language; with the date when it is not from today. */
export function formatSentAt(sentAtMs: number, nowMs: number, locale: string): string {
	const sent = new Date(sentAtMs);
	const now = new Date(nowMs);
	const sameDay =
		sent.getFullYear() === now.getFullYear() &&
		sent.getMonth() === now.getMonth() &&
		sent.getDate() === now.getDate();
	const options: Intl.DateTimeFormatOptions = sameDay
		? { hour: '2-digit', minute: '2-digit' }
		: { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' };
	return new Intl.DateTimeFormat(locale, options).format(sent);
}
