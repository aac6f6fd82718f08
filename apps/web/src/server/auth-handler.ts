import "server-only";
import { describeError, isDatabaseUnavailable, schema } from "@tasks/db";
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
import { AUTH_CACHE_CONTROL, authUnavailable, bodyTooLarge, readWithin } from "./auth-route.ts";
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

function json(status: number, body: unknown, headersInit: HeadersInit = {}): Response {
  const headers = new Headers(headersInit);
  headers.set("cache-control", AUTH_CACHE_CONTROL);
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
  return json(error.statusCode, rewrite ? { code, ...rewrite } : (body ?? null), error.headers);
}

/** The checked fields of a sign-in or sign-up: nothing else a client adds reaches the account. */
type Credentials =
  | { action: "sign-in"; fields: SignInInput }
  | { action: "sign-up"; fields: SignUpInput };

function check(action: Action, raw: unknown): Credentials | AuthErrorBody {
  if (action === "sign-up") {
    const parsed = signUpSchema.safeParse(raw);
    return parsed.success ? { action, fields: parsed.data } : firstIssue(parsed.error);
  }
  const parsed = signInSchema.safeParse(raw);
  return parsed.success ? { action, fields: parsed.data } : firstIssue(parsed.error);
}

/**
 * Calls Better Auth's endpoint as a function rather than through `auth().handler`: the
 * handler builds its router anew for every request and would parse the body a second
 * time, about 1.5 ms of CPU per sign-in (docs/benchmarks.md). The endpoint's own
 * origin and CSRF check still runs: it reads the `request` passed here.
 */
async function callBetterAuth(request: Request, credentials: Credentials): Promise<Response> {
  // With a request, Better Auth would answer with a Response unless told otherwise.
  const context = {
    headers: request.headers,
    request,
    asResponse: false,
    returnHeaders: true,
    returnStatus: true,
  } as const;
  try {
    const { headers, response, status } =
      credentials.action === "sign-up"
        ? await auth().api.signUpEmail({ ...context, body: credentials.fields })
        : await auth().api.signInEmail({ ...context, body: credentials.fields });
    // Better Auth returns the session token in the body too; the browser needs only the
    // HttpOnly cookie, and a token readable by scripts is one an injected script could steal.
    const { token: _token, ...visible } = response;
    return json(status ?? 200, visible, headers);
  } catch (error) {
    // Server-side failures go to handleAuthRequest, which logs them and answers 503.
    if (!isAPIError(error) || error.statusCode >= 500) throw error;
    return refusal(error, credentials.fields.email);
  }
}

/** The body as text, or undefined when it is over the auth body limit. */
async function bodyText(request: Request): Promise<string | undefined> {
  if (!request.body) return "";
  const body = await readWithin(request.body, request.headers.get("content-length"));
  return body && Buffer.from(body.buffer).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
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

  const text = await bodyText(request);
  if (text === undefined) return json(413, bodyTooLarge);
  const credentials = check(action, parseJson(text));
  if ("code" in credentials) return json(400, credentials);

  const response = await callBetterAuth(request, credentials);
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

const unavailable = () => json(503, authUnavailable, { "retry-after": "5" });

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
    response.headers.set("cache-control", AUTH_CACHE_CONTROL);
    return response;
  } catch (error) {
    // Nothing a client sends ends here: this is the server failing. It may be retried.
    if (!isDatabaseUnavailable(error)) {
      logger().error(
        { event: "auth.server_error", path, error: describeError(error) },
        "auth failed",
      );
    }
    return unavailable();
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
