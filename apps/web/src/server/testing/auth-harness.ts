/**
 * The web app's auth service over a fresh migrated database, called the way Next.js calls
 * the /api/auth route (Request in, Response out). The client address header is set as the
 * custom server (server.ts) sets it.
 */
import {
  createTestDatabase,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
} from "@tasks/db/testing";

export const WEB_URL = "http://localhost:3000";
export const TEST_SECRET = "test-secret-that-is-long-enough-0123456789";

export interface AuthCall {
  /** A JSON body (serialised), or the exact bytes to send as the body. */
  body?: unknown;
  cookie?: string;
  ip?: string;
  method?: string;
  /** Set after the defaults (origin, client address), so they can replace them. */
  headers?: Record<string, string>;
}

interface HarnessOptions {
  /** Through a TCP proxy that tests can cut, as a database outage. */
  proxy?: boolean;
  /** An existing database to use (kept on close), instead of a fresh one. */
  databaseUrl?: string;
}

export async function startAuthHarness(
  env: Record<string, string> = {},
  options: HarnessOptions = {},
) {
  const database: TestDatabase | undefined = options.databaseUrl
    ? undefined
    : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? (database as TestDatabase).url;
  const proxy: TcpProxy | undefined = options.proxy ? await startTcpProxy(databaseUrl) : undefined;
  Object.assign(process.env, {
    DATABASE_URL: proxy?.url ?? databaseUrl,
    BETTER_AUTH_SECRET: TEST_SECRET,
    WEB_URL,
    BCRYPT_COST: "10",
    AUTH_RATE_LIMIT_MAX: "1000",
    LOG_LEVEL: "silent",
    ...env,
  });
  // Imported after the environment is set: configuration is read once, on first use.
  const { handleAuthRequest } = await import("../auth-handler.ts");
  const { getDb, closePool } = await import("../db.ts");

  async function call(path: string, options: AuthCall = {}) {
    const headers = new Headers({
      origin: WEB_URL,
      "x-forwarded-for": options.ip ?? "203.0.113.10",
    });
    if (options.cookie) headers.set("cookie", options.cookie);
    if (options.body !== undefined) headers.set("content-type", "application/json");
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    const request = new Request(`${WEB_URL}/api/auth${path}`, {
      method: options.method ?? (options.body === undefined ? "GET" : "POST"),
      headers,
      body:
        options.body === undefined
          ? undefined
          : options.body instanceof Uint8Array
            ? new Uint8Array(options.body)
            : JSON.stringify(options.body),
    });
    const started = performance.now();
    const response = await handleAuthRequest(request);
    const ms = performance.now() - started;
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const setCookies = response.headers.getSetCookie();
    const sessionCookie = setCookies.find((c) => c.startsWith("better-auth.session_token="));
    return {
      status: response.status,
      headers: response.headers,
      json: json as Record<string, unknown> & { code?: string; message?: string },
      text,
      ms,
      setCookies,
      /** `name=value` of the session cookie this response set, for the next call. */
      cookie: sessionCookie?.split(";")[0],
    };
  }

  return {
    call,
    /** A Request, as Next.js hands it to the route (for clients that bring their own). */
    handle: handleAuthRequest,
    db: getDb(),
    url: databaseUrl,
    proxy,
    /** Closes this instance's pool but keeps the database (for a restart). */
    releasePool: () => closePool(),
    async close() {
      await closePool();
      await proxy?.close();
      await database?.drop();
    },
  };
}

export type AuthHarness = Awaited<ReturnType<typeof startAuthHarness>>;
