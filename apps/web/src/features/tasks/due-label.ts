/**
 * Due dates in words, in English. Formatted by hand rather than with Intl.DateTimeFormat: the
 * page's first Intl formatter loads the browser's locale data, a long task on a phone's CPU
 * during the dashboard's hydration (docs/benchmarks.md); the test holds these to Intl's "en".
 */

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Days since 1970-01-01 of a YYYY-MM-DD calendar date. */
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/**
 * A due date (YYYY-MM-DD) in words beside `today` (YYYY-MM-DD): "Today", "Tomorrow",
 * "Yesterday", else "Mon, Dec 7" in today's year and "Dec 7, 2027" in another (R-P6).
 */
export function dueLabel(dueDate: string, today: string): string {
  const offset = dayNumber(dueDate) - dayNumber(today);
  if (offset === 0) return "Today";
  if (offset === 1) return "Tomorrow";
  if (offset === -1) return "Yesterday";
  const date = new Date(`${dueDate}T00:00:00Z`);
  const month = months[date.getUTCMonth()];
  const day = date.getUTCDate();
  return dueDate.slice(0, 4) === today.slice(0, 4)
    ? `${weekdays[date.getUTCDay()]}, ${month} ${day}`
    : `${month} ${day}, ${date.getUTCFullYear()}`;
}
