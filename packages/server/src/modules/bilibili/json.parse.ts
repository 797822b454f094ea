/** Tiny readers for untrusted JSON: each returns the value in the wanted type, or null. */

/** A JSON object. */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

export function num(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A safe integer (numbers only; numeric strings are not accepted). */
export function int(value: unknown): number | null {
	return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

export function arr(value: unknown): unknown[] | null {
	return Array.isArray(value) ? value : null;
}

/** The first of several aliases that is present (camelCase / snake_case pairs). */
export function pick(record: Json, ...keys: string[]): unknown {
	for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
	return undefined;
}
