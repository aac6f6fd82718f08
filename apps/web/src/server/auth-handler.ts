import "server-only";
import { isDatabaseUnavailable, schema } from "@tasks/db";
import { type APIError, isAPIError } from "better-auth/api";
import { getSessionCookie } from "better-auth/cookies";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { webConfig } from "../env.ts";
import {
  messages,
  type SignInInput,
  type SignUpInput,
  signInSchema,
  signUpSchema,
} from "../lib/credentials.ts";
import { auth } from "./auth.ts";
import { CLIENT_ADDRESS_HEADER, throttleKey } from "./client-address.ts";
import { databaseAnswers } from "./database-status.ts";
import { getDb } from "./db.ts";
import { logger } from "./logger.ts";
import { countAttempt } from "./throttle.ts";

type Action = "sign-in" | "sign-up";

/**
 * The Better Auth endpoints this product uses, with the credential action each is, if
 * any. Everything else it ships (password change, profile update, session listing, ...)
 * answers 404: unused doors are closed, not guarded.
 */
const openEndpoints = new Map<string, Action | undefined>([
  ["POST /api/auth/sign-up/email", "sign-up"],
  ["POST /api/auth/sign-in/email", "sign-in"],
  ["POST /api/auth/sign-out", undefined],
  ["GET /api/auth/get-session", undefined],
  ["GET /api/auth/token", undefined],
  ["GET /api/auth/jwks", undefined],
]);

interface AuthErrorBody {
  code: string;
  message: string;
  field?: string;
}

/**
 * Every answer here is private and small. `no-store`: tokens and sessions must never sit
 * in a cache. `no-transform`: Next.js's gzip leaves it alone; compressing a few hundred
 * bytes cost server and client about 2 ms per sign-in (docs/benchmarks.md).
 */
const CACHE_CONTROL = "no-store, no-transform";

function json(status: number, body: unknown, headersInit: HeadersInit = {}): Response {
  const headers = new Headers(headersInit);
  headers.set("cache-control", CACHE_CONTROL);
  return Response.json(body, { status, headers });
}

/** Better Auth's error codes, in the words SPEC gives. */
const rewrittenMessages: Record<string, Omit<AuthErrorBody, "code">> = {
  USER_ALREADY_EXISTS: { message: messages.emailTaken, field: "email" },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: { message: messages.emailTaken, field: "email" },
  INVALID_EMAIL_OR_PASSWORD: { message: messages.invalidCredentials },
  INVALID_EMAIL: { message: messages.invalidEmail, field: "email" },
  PASSWORD_TOO_SHORT: { message: messages.passwordTooShort, field: "password" },
  PASSWORD_TOO_LONG: { message: messages.passwordTooLong, field: "password" },
};

async function emailIsRegistered(email: string): Promise<boolean> {
  const rows = await getDb()
    .select({ id: schema.user.id })
    .from(schema.user)
    .where(sql`lower(${schema.user.email}) = ${email}`)
    .limit(1);
  return rows.length > 0;
}

/** Better Auth's refusal of a sign-in or sign-up, in the words SPEC gives where it has them. */
async function refusal(error: APIError, email: string): Promise<Response> {
  const body = error.body as Partial<AuthErrorBody> | undefined;
  const code = body?.code;
  let rewrite = code ? rewrittenMessages[code] : undefined;
  // Two sign-ups racing for one email: the loser's insert hits the unique index.
  if (code === "FAILED_TO_CREATE_USER" && (await emailIsRegistered(email))) {
    rewrite = rewrittenMessages.USER_ALREADY_EXISTS;
  }
  if (!rewrite) return json(error.statusCode, body ?? null, error.headers ?? {});
  return json(error.statusCode, { code, ...rewrite });
}

/**
 * Calls Better Auth's endpoint as a function rather than through `auth().handler`: the
 * handler builds its router anew for every request and would parse the body a second
 * time, about 1.5 ms of CPU per sign-in (docs/benchmarks.md). The endpoint's own
 * origin and CSRF check still runs: it reads the `request` passed here.
 */
async function callBetterAuth(
  request: Request,
  credentials: SignInInput | SignUpInput,
): Promise<Response> {
  // With a request, Better Auth would answer with a Response unless told otherwise.
  const context = {
    headers: request.headers,
    request,
    asResponse: false,
    returnHeaders: true,
  } as const;
  try {
    // Sign-up's checked fields always include a name (credentials.ts); sign-in's never do.
    const { headers, response } =
      "name" in credentials
        ? await auth().api.signUpEmail({ ...context, body: credentials })
        : await auth().api.signInEmail({ ...context, body: credentials });
    // Better Auth returns the session token in the body too; the browser needs only the
    // HttpOnly cookie, and a token readable by scripts is one an injected script could steal.
    const { token: _token, ...visible } = response;
    return json(200, visible, headers);
  } catch (error) {
    // Server-side failures go to handleAuthRequest, which logs them and answers 503.
    if (!isAPIError(error) || error.statusCode >= 500) throw error;
    return refusal(error, credentials.email);
  }
}

function firstIssue(error: z.ZodError): AuthErrorBody {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? "body");
  return { code: "VALIDATION_ERROR", message: issue?.message ?? "Invalid request", field };
}

/** Throttle, check and normalise a sign-in or sign-up, then hand it to Better Auth. */
async function handleCredentials(request: Request, action: Action): Promise<Response> {
  const config = webConfig();
  const client = throttleKey(request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown");
  const decision = await countAttempt(`${action}:${client}`, config.rateLimit);
  if (!decision.allowed) {
    logger().warn({ event: "auth.throttled", action, client }, "too many attempts");
    return json(
      429,
      {
        code: "TOO_MANY_REQUESTS",
        message: `Too many attempts. Try again in ${decision.retryAfterSeconds} seconds.`,
      },
      { "retry-after": String(decision.retryAfterSeconds) },
    );
  }

  const raw = await request.json().catch(() => undefined);
  const parsed = (action === "sign-up" ? signUpSchema : signInSchema).safeParse(raw);
  if (!parsed.success) return json(400, firstIssue(parsed.error));

  // Only the checked fields: nothing else a client adds reaches the account.
  const response = await callBetterAuth(request, parsed.data);
  logger().info(
    {
      event: `auth.${action}`,
      outcome: response.ok ? "success" : "failure",
      status: response.status,
      client,
    },
    action,
  );
  return response;
}

const unavailable = () =>
  json(
    503,
    {
      code: "SERVICE_UNAVAILABLE",
      message: "Sign-in is temporarily unavailable. Please try again in a moment.",
    },
    { "retry-after": "5" },
  );

/** Every /api/auth/* request. */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const endpoint = `${request.method} ${path}`;
  if (!openEndpoints.has(endpoint)) {
    return json(404, { code: "NOT_FOUND", message: "Not found" });
  }
  try {
    const action = openEndpoints.get(endpoint);
    const response = action
      ? await handleCredentials(request, action)
      : await auth().handler(request);
    if (await maybeOutage(request, response, path)) return unavailable();
    if (path === "/api/auth/sign-out" && response.ok)
      logger().info({ event: "auth.sign-out" }, "sign-out");
    response.headers.set("cache-control", CACHE_CONTROL);
    return response;
  } catch (error) {
    // Nothing a client sends ends here: this is the server failing. It may be retried.
    if (!isDatabaseUnavailable(error)) {
      logger().error({ event: "auth.server_error", path, ...describe(error) }, "auth failed");
    }
    return unavailable();
  }
}

/** What failed, without the message: a failed query's message lists its parameters. */
function describe(error: unknown): Record<string, unknown> {
  if (isAPIError(error)) {
    return { status: error.statusCode, code: (error.body as { code?: unknown })?.code };
  }
  if (error instanceof Error)
    return { error: error.name, code: (error as { code?: unknown }).code };
  return { error: typeof error };
}

/**
 * Better Auth reports database failures as plain 500s (by the time anyone asks, the
 * database may be back), and a session lookup that failed as "no session". A 500 becomes
 * a 503 (the request may be retried; the cause is in the log), and a missing session
 * with a session cookie is checked against the database.
 */
async function maybeOutage(request: Request, response: Response, path: string): Promise<boolean> {
  if (response.status >= 500) {
    const body = await response.clone().text();
    logger().error(
      { event: "auth.server_error", path, status: response.status, body: body.slice(0, 200) },
      "auth failed",
    );
    return true;
  }
  const lostSession =
    path === "/api/auth/get-session" &&
    getSessionCookie(request.headers) !== null &&
    (await response.clone().text()) === "null";
  return lostSession && !(await databaseAnswers());
}
