/** The API token (SPEC R-T2, R-T3), in this closure only; a 401 ends the session (R-P4). */
import { SessionExpiredError } from "./session-expired.ts";

const RENEW_BEFORE_MS = 60_000;
const RENEW_AT_LEAST_AFTER_MS = 5_000;

/** `exp` of a JWT in milliseconds, or 0 when it cannot be read (renew at once). */
function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(
      atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/")),
    );
    return typeof payload.exp === "number" ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** A token, or the status of the answer that brought none (as Better Auth's client words it). */
export type TokenAnswer =
  | { data: { token: string }; error: null }
  | { data: null; error: { status: number } };

/**
 * One request for a token: GET /api/auth/token, Better Auth's JWT plugin endpoint, with the
 * session cookie (the request its client's `token()` makes, without loading the client: the
 * dashboard needs nothing else of it at load). Rejects with a TypeError when no answer comes.
 */
export async function requestToken(
  origin = window.location.origin,
  fetchImpl: typeof fetch = fetch,
): Promise<TokenAnswer> {
  const response = await fetchImpl(`${origin}/api/auth/token`, { cache: "no-store" });
  // Read whatever the answer, so the request ends here too (a browser holds an unread one).
  const body: unknown = await response.json().catch(() => null);
  const token = response.ok ? (body as { token?: unknown } | null)?.token : undefined;
  return typeof token === "string"
    ? { data: { token }, error: null }
    : { data: null, error: { status: response.status } };
}

export interface TokenSourceOptions {
  /** One request for a token (`requestToken`). May throw a TypeError on network failure. */
  fetchToken: () => Promise<TokenAnswer>;
  /** The auth service answered 401: the session has ended (SPEC R-P4). */
  onExpired: () => void;
}

export interface TokenSource {
  get(): Promise<string>;
  /** A new token, whatever the current one's state. Throws SessionExpiredError on 401. */
  renew(): Promise<string>;
  /** Forget the token and stop renewing it (sign-out). */
  clear(): void;
}

/** A token source; nothing is fetched until the first `get()` or `renew()`. */
export function createTokenSource({ fetchToken, onExpired }: TokenSourceOptions): TokenSource {
  let token: string | undefined;
  let expiresAt = 0;
  let pending: Promise<string> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function clear() {
    clearTimeout(timer);
    token = undefined;
    expiresAt = 0;
  }

  async function fetchOnce(): Promise<string> {
    const { data, error } = await fetchToken();
    if (error?.status === 401) {
      clear();
      onExpired();
      throw new SessionExpiredError();
    }
    if (!data) throw new Error("Could not reach the sign-in service");
    token = data.token;
    expiresAt = expiryOf(data.token);
    clearTimeout(timer);
    const renewIn = Math.max(RENEW_AT_LEAST_AFTER_MS, expiresAt - Date.now() - RENEW_BEFORE_MS);
    timer = setTimeout(() => void renew().catch(() => {}), renewIn);
    return data.token;
  }

  function renew(): Promise<string> {
    pending ??= fetchOnce().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    get: () =>
      token && Date.now() < expiresAt - RENEW_BEFORE_MS / 2 ? Promise.resolve(token) : renew(),
    renew,
    clear,
  };
}
