/**
 * Better Auth's client at /api/auth. `useSession` stays unused: pages learn the session on
 * the server, and its store would poll /get-session and write to localStorage.
 */
import { jwtClient, twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({
  // This page's origin (CSP connect-src 'self'); unset, it would read BETTER_AUTH_URL-style vars.
  baseURL: typeof window === "undefined" ? undefined : window.location.origin,
  plugins: [jwtClient(), twoFactorClient()],
});

/** A refused auth call, as the form shows it. */
export interface AuthFailure {
  message: string;
  field?: FormField;
}

const formFields = [
  "name",
  "email",
  "password",
  "currentPassword",
  "newPassword",
  "token",
  "code",
] as const;

export type FormField = (typeof formFields)[number];

function isFormField(value: unknown): value is AuthFailure["field"] {
  return formFields.some((field) => field === value);
}

/** What a person reads when a call never got an answer (offline, server gone). */
export const UNREACHABLE = "Could not reach the server. Check your connection and try again.";

/** Runs one auth client call: null on success, else the message and `field` it names. */
export async function attempt(
  call: () => Promise<{ error: { message?: string } | null }>,
): Promise<AuthFailure | null> {
  let error: { message?: string } | null;
  try {
    ({ error } = await call());
  } catch {
    return { message: UNREACHABLE };
  }
  if (!error) return null;
  const field = "field" in error && isFormField(error.field) ? error.field : undefined;
  return { message: error.message || "Something went wrong. Please try again.", field };
}
