/** The session ended while a page was open (SPEC R-P4), and where the person goes then. */
export class SessionExpiredError extends Error {
  override name = "SessionExpiredError";
  constructor() {
    super("Your session has expired");
  }
}

/** The sign-in page saying "Your session has expired", back to this page after (browser only). */
export function expiredSessionUrl(): string {
  const next = `${window.location.pathname}${window.location.search}`;
  return `/signin?expired=1&next=${encodeURIComponent(next)}`;
}
