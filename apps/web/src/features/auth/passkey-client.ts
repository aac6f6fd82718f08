/**
 * Better Auth's passkey client (SPEC R-M5). It brings @simplewebauthn/browser, so pages load it
 * with `await import(...)` only when a passkey ceremony runs, never in their first load.
 */
import { passkeyClient } from "@better-auth/passkey/client";
import { createAuthClient } from "better-auth/client";

export const passkeyAuth = createAuthClient({
  // This page's origin (CSP connect-src 'self'), as in lib/better-auth-client.ts.
  baseURL: window.location.origin,
  plugins: [passkeyClient()],
});

interface PasskeyError {
  code?: string;
  message?: string;
  status?: number;
}

/** The server's refusals, shown as the server words them; the rest are the browser's. */
const SERVER_CODES = new Set([
  "USER_VERIFICATION_REQUIRED",
  "VALIDATION_ERROR",
  "REAUTHENTICATION_REQUIRED",
]);

const refused = {
  add: "The passkey was not saved: your device cancelled, timed out, or could not verify you (PIN, fingerprint or face). Try again, or use another device.",
  signIn:
    "Signing in with a passkey did not complete: your device cancelled, timed out, or could not verify you (PIN, fingerprint or face).",
};

/** What to tell the person when a passkey call failed (`error` from the client's answer). */
export function passkeyFailureMessage(error: PasskeyError, during: "add" | "signIn"): string {
  if (error.code && SERVER_CODES.has(error.code) && error.message) return error.message;
  if (error.code === "PASSKEY_NOT_FOUND" || error.status === 401) {
    return "That passkey is not known here. Sign in with your password and add it again.";
  }
  if (error.status === 429) return error.message || "Too many attempts. Try again later.";
  return refused[during];
}
