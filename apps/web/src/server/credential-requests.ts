import "server-only";
import { schema } from "@tasks/db";
import { type APIError, isAPIError } from "better-auth/api";
import { sql } from "drizzle-orm";
import {
  messages,
  type SignInInput,
  type SignUpInput,
  signInSchema,
  signUpSchema,
} from "../lib/credentials.ts";
import { auth } from "./auth.ts";
import { authJson } from "./auth-answers.ts";
import type { CredentialAction } from "./auth-endpoints.ts";
import {
  checkBody,
  clientOf,
  endpointContext,
  type Rewrites,
  refusal,
  throttle,
} from "./auth-requests.ts";
import { getDb } from "./db.ts";
import { logger } from "./logger.ts";

/** Better Auth's error codes, in the words SPEC gives. */
const rewrites: Rewrites = {
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
async function credentialRefusal(error: APIError, email: string): Promise<Response> {
  const code = (error.body as { code?: string } | undefined)?.code;
  // Two sign-ups racing for one email: the loser's insert hits the unique index.
  if (code === "FAILED_TO_CREATE_USER" && (await emailIsRegistered(email))) {
    return authJson(error.statusCode, { code, ...rewrites.USER_ALREADY_EXISTS }, error.headers);
  }
  return refusal(error, rewrites);
}

/** The checked fields of a sign-in or sign-up: nothing else a client adds reaches the account. */
type Credentials =
  | { action: "sign-in"; fields: SignInInput }
  | { action: "sign-up"; fields: SignUpInput };

/** The credential rules (SPEC R-A2, R-A3, R-A11) applied to the body: the fields, or a 400. */
function check(action: CredentialAction, body: string): Credentials | Response {
  if (action === "sign-up") {
    const checked = checkBody(signUpSchema, body);
    return checked.refused ?? { action, fields: checked.data };
  }
  const checked = checkBody(signInSchema, body);
  return checked.refused ?? { action, fields: checked.data };
}

/**
 * Calls Better Auth's endpoint as a function rather than through `auth().handler`: the
 * handler builds its router anew for every request and would parse the body a second
 * time, about 1.5 ms of CPU per sign-in (docs/benchmarks.md). The endpoint's own
 * origin and CSRF check still runs: it reads the `request` passed here.
 */
async function callBetterAuth(request: Request, credentials: Credentials): Promise<Response> {
  const context = endpointContext(request);
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
    return credentialRefusal(error, credentials.fields.email);
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
  const client = clientOf(request);
  const throttled = await throttle(action, client);
  if (throttled) return throttled;

  const credentials = check(action, body);
  if (credentials instanceof Response) return credentials;

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
