/**
 * Task timestamps are read as PostgreSQL's own text, and turned into the ISO 8601 form the
 * API answers with here. With the session in UTC, as servers usually are, that is a
 * matter of moving characters; parsing into a Date and printing it again cost more than
 * anything else in building a list (docs/benchmarks.md). Any other time zone takes the
 * general route, with the same result.
 */

/** `2026-11-24 05:51:39.123+00`, with 0 to 6 fractional digits (trailing zeros dropped). */
const UTC_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?\+00$/;

/** A `timestamptz` in PostgreSQL's text output (DateStyle ISO) as `toISOString()` writes it. */
export function isoTimestamp(text: string): string {
  if (!UTC_TEXT.test(text)) return new Date(text).toISOString();
  // Milliseconds, always three digits; further digits are dropped, as Date would.
  const fraction = text.length > 22 ? text.slice(20, -3).slice(0, 3).padEnd(3, "0") : "000";
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
}
