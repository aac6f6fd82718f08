import "server-only";
import { isDatabaseUnavailable, schema } from "@tasks/db";
import { getSessionCookie } from "better-auth/cookies";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { webConfig } from "../env.ts";
import { messages, signInSchema, signUpSchema } from "../lib/credentials.ts";
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

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
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

/**
 * Better Auth returns the session token in the body too; the browser needs only the
 * HttpOnly cookie, and a token readable by scripts is one an injected script could steal.
 */
async function withoutSessionToken(response: Response): Promise<Response> {
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { token?: unknown } | undefined;
  if (!body || typeof body !== "object" || !("token" in body)) return response;
  const { token: _token, ...rest } = body;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(rest), { status: response.status, headers });
}

async function rewriteError(response: Response, email: string): Promise<Response> {
  if (response.ok) return withoutSessionToken(response);
  if (response.status < 400 || response.status >= 500) return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as AuthErrorBody | undefined;
  if (!body?.code) return response;
  let rewrite = rewrittenMessages[body.code];
  // Two sign-ups racing for one email: the loser's insert hits the unique index.
  if (body.code === "FAILED_TO_CREATE_USER" && (await emailIsRegistered(email))) {
    rewrite = rewrittenMessages.USER_ALREADY_EXISTS;
  }
  if (!rewrite) return response;
  const status = body.code === "FAILED_TO_CREATE_USER" ? 422 : response.status;
  return json(status, { code: body.code, ...rewrite });
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

  const headers = new Headers(request.headers);
  headers.delete("content-length");
  const forwarded = new Request(request.url, {
    method: "POST",
    headers,
    // Only the checked fields: nothing else a client adds reaches the account.
    body: JSON.stringify(parsed.data),
  });
  const response = await rewriteError(await auth().handler(forwarded), parsed.data.email);
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
    // Tokens and sessions must never sit in a cache.
    if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
    return response;
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
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
