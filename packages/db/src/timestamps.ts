/** `2026-11-24 05:51:39.123+00`, with 0 to 6 fractional digits (trailing zeros dropped). */
const UTC_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?\+00$/;

/** A `timestamptz` in PostgreSQL's ISO text output as `toISOString()` writes it, by moving characters. */
export function isoTimestamp(text: string): string {
  if (!UTC_TEXT.test(text)) return new Date(text).toISOString();
  // Milliseconds, always three digits; further digits are dropped, as Date would.
  const fraction = text.length > 22 ? text.slice(20, -3).slice(0, 3).padEnd(3, "0") : "000";
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
}
