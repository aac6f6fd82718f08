/**
 * Calling Better Auth from a page: its client, fetched on first use (docs/benchmarks.md,
 * "Beside the floor": pages load without it), and the one way its answers become a form's
 * message and field.
 */

export type AuthClient = typeof import("./better-auth-client").authClient;

/**
 * Better Auth's client (better-auth-client.ts), loaded on the first call and shared after.
 * Rejects when its code cannot be fetched (offline); the next call tries again.
 */
export function loadAuthClient(): Promise<AuthClient> {
  return import("./better-auth-client").then((module) => module.authClient);
}

/** Fetches the client ahead of a call (on a form's first focus), ignoring a failure. */
export function preloadAuthClient(): void {
  loadAuthClient().catch(() => undefined);
}

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

/**
 * Runs one auth client call with the client: null on success, else the message and `field` it
 * names; a client that cannot load or a call with no answer is UNREACHABLE.
 */
export async function attempt(
  call: (client: AuthClient) => Promise<{ error: { message?: string } | null }>,
): Promise<AuthFailure | null> {
  let error: { message?: string } | null;
  try {
    ({ error } = await call(await loadAuthClient()));
  } catch {
    return { message: UNREACHABLE };
  }
  if (!error) return null;
  const field = "field" in error && isFormField(error.field) ? error.field : undefined;
  return { message: error.message || "Something went wrong. Please try again.", field };
}
