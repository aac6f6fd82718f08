import "server-only";
import { schema } from "@tasks/db";
import { type APIError, isAPIError } from "better-auth/api";
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
import { type AuthErrorBody, authJson } from "./auth-answers.ts";
import type { CredentialAction } from "./auth-endpoints.ts";
import { CLIENT_ADDRESS_HEADER, throttleKey } from "./client-address.ts";
import { getDb } from "./db.ts";
import { logger } from "./logger.ts";
import { countAttempt } from "./throttle.ts";

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
  return authJson(error.statusCode, rewrite ? { code, ...rewrite } : (body ?? null), error.headers);
}

/** The checked fields of a sign-in or sign-up: nothing else a client adds reaches the account. */
type Credentials =
  | { action: "sign-in"; fields: SignInInput }
  | { action: "sign-up"; fields: SignUpInput };

function firstIssue(error: z.ZodError): AuthErrorBody {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? "body");
  return { code: "VALIDATION_ERROR", message: issue?.message ?? "Invalid request", field };
}

/** The credential rules (SPEC R-A2, R-A3, R-A11) applied to a parsed body. */
function check(action: CredentialAction, raw: unknown): Credentials | AuthErrorBody {
  if (action === "sign-up") {
    const parsed = signUpSchema.safeParse(raw);
    return parsed.success ? { action, fields: parsed.data } : firstIssue(parsed.error);
  }
  const parsed = signInSchema.safeParse(raw);
  return parsed.success ? { action, fields: parsed.data } : firstIssue(parsed.error);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
    return authJson(status ?? 200, visible, headers);
  } catch (error) {
    // Server-side failures go to handleAuthRequest, which logs them and answers 503.
    if (!isAPIError(error) || error.statusCode >= 500) throw error;
    return refusal(error, credentials.fields.email);
  }
}

/**
 * A sign-in or sign-up with its body as text: throttled per client before anything else
 * (SPEC R-A9), checked by the credential rules (400 naming the field), and handed to
 * Better Auth.
 */
export async function handleCredentials(
  request: Request,
  action: CredentialAction,
  body: string,
): Promise<Response> {
  const config = webConfig();
  const client = throttleKey(request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown");
  const decision = await countAttempt(`${action}:${client}`, config.rateLimit);
  if (!decision.allowed) {
    logger().warn({ event: "auth.throttled", action, client }, "too many attempts");
    return authJson(
      429,
      {
        code: "TOO_MANY_REQUESTS",
        message: `Too many attempts. Try again in ${decision.retryAfterSeconds} seconds.`,
      },
      { "retry-after": String(decision.retryAfterSeconds) },
    );
  }

  const credentials = check(action, parseJson(body));
  if ("code" in credentials) return authJson(400, credentials);

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
