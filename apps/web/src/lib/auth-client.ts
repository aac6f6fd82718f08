/**
 * Calling Better Auth from a page: its client, fetched on first use (decision 053: pages load
 * without it), and the one way its answers become a form's message and field.
 */

/** What a person reads when a call never got an answer (offline, server gone). */
export const UNREACHABLE = "Could not reach the server. Check your connection and try again.";

export type AuthClient = typeof import("./better-auth-client").authClient;

let loading: Promise<AuthClient> | null = null;

/**
 * Better Auth's client (better-auth-client.ts), loaded on the first call and shared after.
 * When its code cannot be fetched (offline) it rejects with a TypeError, as `fetch` does
 * when a request gets no answer, and the next call tries again.
 */
export function loadAuthClient(): Promise<AuthClient> {
  loading ??= import("./better-auth-client").then(
    (module) => module.authClient,
    () => {
      loading = null;
      throw new TypeError(UNREACHABLE);
    },
  );
  return loading;
}

/** Fetches the client ahead of a call (a form's focus, a submit), ignoring a failure. */
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
