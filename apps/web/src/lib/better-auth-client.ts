/**
 * Better Auth's client at /api/auth, loaded by `loadAuthClient` (auth-client.ts) when a person
 * first acts, not with the page. The API token is asked for without it (token-source.ts'
 * `requestToken`). `useSession` stays unused: pages learn the session on the
 * server, and its store would poll /get-session and write to localStorage.
 */
import { twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({
  // This page's origin (CSP connect-src 'self'); unset, it would read BETTER_AUTH_URL-style vars.
  baseURL: typeof window === "undefined" ? undefined : window.location.origin,
  plugins: [twoFactorClient()],
});
