/**
 * Better Auth's client, at this site's /api/auth with the session cookie. Its session store
 * (`useSession`) is left unused: pages learn the session on the server, and the store
 * would poll /get-session and write to localStorage.
 */
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({
  // This page's own origin (the CSP allows connect-src 'self'); the client only ever
  // calls from the browser, and left unset it would read BETTER_AUTH_URL-style variables.
  baseURL: typeof window === "undefined" ? undefined : window.location.origin,
  plugins: [jwtClient()],
});

/** A refused auth call, as the form shows it. */
export interface AuthFailure {
  message: string;
  /** The form field the message belongs to, when it is about one. */
  field?: FormField;
}

const formFields = [
  "name",
  "email",
  "password",
  "currentPassword",
  "newPassword",
  "token",
] as const;

/** The fields of the auth forms a refusal can be about. */
export type FormField = (typeof formFields)[number];

function isFormField(value: unknown): value is AuthFailure["field"] {
  return formFields.some((field) => field === value);
}

const unreachable = "Could not reach the server. Check your connection and try again.";

/**
 * Runs one auth client call: null when it succeeded, else the server's `message` and the
 * `field` it names (credential-rules.ts), or that the server could not be reached.
 */
export async function attempt(
  call: () => Promise<{ error: { message?: string } | null }>,
): Promise<AuthFailure | null> {
  let error: { message?: string } | null;
  try {
    ({ error } = await call());
  } catch {
    return { message: unreachable };
  }
  if (!error) return null;
  const field = "field" in error && isFormField(error.field) ? error.field : undefined;
  return { message: error.message || "Something went wrong. Please try again.", field };
}
