/**
 * Web's /api/auth/* over a fresh migrated database, as Next.js calls the route: a Request
 * in, a Response out, through the route's guard and Better Auth's Next.js handler
 * (app/api/auth/[...all]/route.ts). The client address is the X-Forwarded-For server.ts
 * writes. One difference from the route file: Better Auth's work after an answer (the reset
 * mail) is collected here rather than handed to Next.js's `after`, which needs a request
 * of Next.js's own, so that tests can wait for it (`settle`).
 */
import {
  createTestDatabase,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
} from "@tasks/db/testing";
import { type SmtpInbox, startSmtpInbox } from "./smtp-inbox.ts";

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
  /**
   * Mail sent over SMTP (SMTP_URL, MAIL_FROM "Tasks <tasks@example.test>") to a real inbox on
   * loopback, `harness.inbox`, closed with the harness.
   */
  mail?: boolean;
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
  const inbox: SmtpInbox | undefined = options.mail ? await startSmtpInbox() : undefined;
  const mail = inbox ? { SMTP_URL: inbox.url, MAIL_FROM: "Tasks <tasks@example.test>" } : {};
  Object.assign(process.env, {
    DATABASE_URL: proxy?.url ?? databaseUrl,
    BETTER_AUTH_SECRET: TEST_SECRET,
    WEB_URL,
    BCRYPT_COST: "10",
    AUTH_RATE_LIMIT_MAX: "1000",
    LOG_LEVEL: "silent",
    ...mail,
    ...env,
  });
  // Imported after the environment is set: configuration is read once, on first use.
  const { createAuth } = await import("../auth.ts");
  const { guardAuthRoute } = await import("../auth-route.ts");
  const { toNextJsHandler } = await import("better-auth/next-js");
  const { getDb, closePool } = await import("../db.ts");

  const background = new Set<Promise<unknown>>();
  /** A web instance of its own: one Better Auth behind the route's guard. */
  function startInstance() {
    const instance = createAuth({
      runInBackground: (task) => {
        background.add(task);
        void task.finally(() => background.delete(task));
      },
    });
    const route = guardAuthRoute(
      toNextJsHandler((request: Request) => instance.handler(request)),
      () => instance,
    );
    const handle = (request: Request) =>
      (route[request.method as keyof typeof route] ?? route.GET)(request);
    return { instance, handle, call: caller(handle) };
  }
  const { instance, handle, call } = startInstance();

  return {
    call,
    /** A Request, as Next.js hands it to the route (for clients that bring their own). */
    handle,
    /** This harness's Better Auth, for `auth.api` calls as the pages make them. */
    auth: instance,
    /** Another web instance on the same database, as behind a load balancer. */
    startInstance,
    /** Resolves once Better Auth's work after its answers (the reset mail) is done. */
    async settle() {
      while (background.size > 0) await Promise.all([...background]);
    },
    db: getDb(),
    url: databaseUrl,
    proxy,
    /** The SMTP inbox, with `mail: true`. */
    inbox,
    /** Closes this instance's pool but keeps the database (for a restart). */
    releasePool: () => closePool(),
    async close() {
      await closePool();
      await proxy?.close();
      await inbox?.close();
      await database?.drop();
    },
  };
}

/** Calls `/api/auth${path}` on `handle` as a browser at WEB_URL would, and reads the answer. */
function caller(handle: (request: Request) => Promise<Response>) {
  return async function call(path: string, options: AuthCall = {}) {
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
    const response = await handle(request);
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
  };
}

export type AuthHarness = Awaited<ReturnType<typeof startAuthHarness>>;

/**
 * `startAuthHarness` with mail sent over SMTP to a real inbox on loopback, `inbox` (SMTP_URL,
 * MAIL_FROM "Tasks <tasks@example.test>"), which `close` closes with the rest.
 */
export async function startMailingAuthHarness(env: Record<string, string> = {}) {
  const harness = await startAuthHarness(env, { mail: true });
  return { ...harness, inbox: harness.inbox as SmtpInbox };
}

export type MailingAuthHarness = Awaited<ReturnType<typeof startMailingAuthHarness>>;
