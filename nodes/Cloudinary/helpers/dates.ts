// Dates as n8n hands them to a node: ISO text, a JS Date, or a Luxon DateTime (from $now, $today,
// dateTime fields in expressions). One place to turn them into what Cloudinary takes.

type LuxonLike = { toMillis?: () => number };

/** Milliseconds since the epoch, NaN when the value is not a date, undefined when empty. */
export function toMillis(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return value.getTime();
	const luxon = (value as LuxonLike).toMillis;
	if (typeof luxon === 'function') return luxon.call(value);
	return Date.parse(String(value));
}

/** YYYY-MM-DD (UTC) of a Date or Luxon DateTime; undefined for anything else (text stays text). */
export function dateObjectToDay(value: unknown): string | undefined {
	if (value === null || typeof value !== 'object') return undefined;
	const ms = toMillis(value);
	return ms === undefined || Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}
