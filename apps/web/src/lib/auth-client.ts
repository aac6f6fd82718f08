/** The browser's side of Better Auth: sign-up, sign-in, sign-out (same origin). */
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();

/** The sign-in page, telling the person why they are there, and where to come back to. */
export function expiredSessionUrl(): string {
  const next = `${window.location.pathname}${window.location.search}`;
  return `/signin?expired=1&next=${encodeURIComponent(next)}`;
}
