/**
 * The chat list's scroll rules, as pure functions: follow new messages only while the reader is
 * at the bottom (never jump the view otherwise — count them as unread), and keep the reader's
 * place when older messages are put above.
 */
export interface ScrollMetrics {
	scrollTop: number;
	scrollHeight: number;
	clientHeight: number;
}

/** Within this many pixels of the end counts as "at the bottom". */
export const BOTTOM_SLACK_PX = 48;
/** Closer than this to the top loads older messages. */
export const TOP_LOAD_PX = 32;

export function isAtBottom(metrics: ScrollMetrics, slackPx: number = BOTTOM_SLACK_PX): boolean {
	return metrics.scrollHeight - metrics.scrollTop - metrics.clientHeight <= slackPx;
}

export function isNearTop(metrics: ScrollMetrics, slackPx: number = TOP_LOAD_PX): boolean {
	return metrics.scrollTop <= slackPx && metrics.scrollHeight > metrics.clientHeight;
}

/**
 * How many keys were appended after the previous last one. A list that was empty, or whose last
 * key is gone (replaced wholesale, e.g. history after a reconnect), appended nothing.
 */
export function countAppended(previous: readonly string[], next: readonly string[]): number {
	const last = previous.at(-1);
	if (last === undefined) return 0;
	const at = next.lastIndexOf(last);
	return at === -1 ? 0 : next.length - at - 1;
}

export interface UnreadUpdate {
	unread: number;
	/** Scroll to the bottom now. */
	follow: boolean;
}

/**
 * Messages arrived at the end. At the bottom (or when the reader sent one themselves): follow.
 * Scrolled up: stay put and count them.
 */
export function onAppended(
	unread: number,
	added: number,
	atBottom: boolean,
	ownAdded = false,
): UnreadUpdate {
	if (added <= 0) return { unread, follow: false };
	if (atBottom || ownAdded) return { unread: 0, follow: true };
	return { unread: unread + added, follow: false };
}

/** The reader scrolled: reaching the bottom reads everything. */
export function onScrolled(unread: number, atBottom: boolean): number {
	return atBottom ? 0 : unread;
}

/** Where to scroll after older messages were put above, so the same message stays in view. */
export function keepPlace(before: ScrollMetrics, scrollHeightAfter: number): number {
	return Math.max(0, before.scrollTop + scrollHeightAfter - before.scrollHeight);
}
