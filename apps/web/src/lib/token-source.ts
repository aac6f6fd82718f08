/**
 * The API token, held in memory only (never in storage or a readable cookie). Fetched from
 * /api/auth/token with the session cookie, renewed a minute before it expires, and renewed
 * on demand after a 401. When the session itself has ended, `onExpired` runs.
 */
export class SessionExpiredError extends Error {
  override name = "SessionExpiredError";
}

const RENEW_BEFORE_MS = 60_000;

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

export interface TokenSource {
  /** A token valid for a while yet. */
  get(): Promise<string>;
  /** A new token, whatever the current one's state. */
  renew(): Promise<string>;
  /** Forget the token (sign-out). */
  clear(): void;
}

export function createTokenSource(onExpired: () => void): TokenSource {
  let token: string | undefined;
  let expiresAt = 0;
  let pending: Promise<string> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function fetchToken(): Promise<string> {
    const response = await fetch("/api/auth/token", {
      credentials: "same-origin",
      cache: "no-store",
    });
    if (response.status === 401) {
      token = undefined;
      onExpired();
      throw new SessionExpiredError("Your session has expired");
    }
    if (!response.ok) throw new Error("Could not reach the sign-in service");
    const body = (await response.json()) as { token: string };
    token = body.token;
    expiresAt = expiryOf(body.token);
    clearTimeout(timer);
    const renewIn = Math.max(5_000, expiresAt - Date.now() - RENEW_BEFORE_MS);
    timer = setTimeout(() => void renew().catch(() => {}), renewIn);
    return body.token;
  }

  function renew(): Promise<string> {
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    get: () =>
      token && Date.now() < expiresAt - RENEW_BEFORE_MS / 2 ? Promise.resolve(token) : renew(),
    renew,
    clear() {
      clearTimeout(timer);
      token = undefined;
      expiresAt = 0;
    },
  };
}
