/**
 * The one signal that the session has ended while a page is open (SPEC R-P4), and where
 * the person goes then.
 */
export class SessionExpiredError extends Error {
  override name = "SessionExpiredError";
  constructor() {
    super("Your session has expired");
  }
}

/**
 * The sign-in page saying "Your session has expired", with the current path and query as
 * `next` (checked again by safeReturnPath on arrival). Browser only: reads window.location.
 */
export function expiredSessionUrl(): string {
  const next = `${window.location.pathname}${window.location.search}`;
  return `/signin?expired=1&next=${encodeURIComponent(next)}`;
}
