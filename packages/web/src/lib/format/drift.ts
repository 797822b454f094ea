import type { DriftKind } from '@videotogether/shared';

/**
 * A drift for the presence list: `±12 ms`, `±1.4 s` from a second on, `≈` in front of an
 * estimate (embed player), `—` when unknown. The sign is left to the tooltip: here only the size
 * matters.
 */
export function formatDrift(driftMs: number | null, kind: DriftKind | null): string {
	if (driftMs === null || !Number.isFinite(driftMs)) return '—';
	const size = Math.abs(driftMs);
	const body = size < 1000 ? `±${Math.round(size)} ms` : `±${(size / 1000).toFixed(1)} s`;
	return kind === 'estimated' ? `≈${body}` : body;
}

/** "Ann, Bo and Cy" / "Ann、Bo和Cy" for the given locale. */
export function formatNames(names: readonly string[], locale: string): string {
	try {
		return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
	} catch {
		return names.join(', ');
	}
}
