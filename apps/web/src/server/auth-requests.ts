import "server-only";
import { type APIError, isAPIError } from "better-auth/api";
import type { z } from "zod";
import { webConfig } from "../env.ts";
import { type AuthErrorBody, authJson } from "./auth-answers.ts";
import { CLIENT_ADDRESS_HEADER, throttleKey } from "./client-address.ts";
import { logger } from "./logger.ts";
import { countAttempt, type ThrottleRule } from "./throttle.ts";

/**
 * What every checked auth request (sign-in, sign-up, the account's requests) is made of:
 * the client's throttle bucket, the body rules, Better Auth's endpoint called as a
 * function, and its refusals in the words SPEC gives.
 */

/** The client's throttling bucket: its address as the custom server vouches for it. */
export function clientOf(request: Request): string {
  return throttleKey(request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown");
}

/**
 * Counts one `action` attempt by `key` (a client's bucket, or a hash of an email address)
 * and answers 429 with Retry-After when it is over `rule` (SPEC R-A9), or null when it
 * may go on. The counts are shared by every web instance (throttle.ts).
 */
export async function throttle(
  action: string,
  key: string,
  rule: ThrottleRule = webConfig().rateLimit,
): Promise<Response | null> {
  const decision = await countAttempt(`${action}:${key}`, rule);
  if (decision.allowed) return null;
  logger().warn({ event: "auth.throttled", action, key }, "too many attempts");
  return authJson(
    429,
    {
      code: "TOO_MANY_REQUESTS",
      message: `Too many attempts. Try again in ${decision.retryAfterSeconds} seconds.`,
    },
    { "retry-after": String(decision.retryAfterSeconds) },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first rule a body breaks, naming its field (an unknown field by its name). */
function firstIssue(error: z.ZodError): AuthErrorBody {
  const issue = error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    const field = String(issue.keys[0]);
    return { code: "VALIDATION_ERROR", message: `${field} is not accepted here`, field };
  }
  const field = String(issue?.path[0] ?? "body");
  return { code: "VALIDATION_ERROR", message: issue?.message ?? "Invalid request", field };
}

/**
 * The body (JSON text) checked by `schema`: its data, or a 400 answer naming the field
 * (SPEC R-A11). Only the checked fields go on to Better Auth.
 */
export function checkBody<T>(
  schema: z.ZodType<T>,
  text: string,
): { data: T; refused?: undefined } | { refused: Response } {
  const parsed = schema.safeParse(parseJson(text));
  return parsed.success
    ? { data: parsed.data }
    : { refused: authJson(400, firstIssue(parsed.error)) };
}

/**
 * The context for calling a Better Auth endpoint as a function with the request: its
 * origin and CSRF checks read `request`; the answer comes back as data with its headers
 * (cookies) and status, not as a Response.
 */
export function endpointContext(request: Request) {
  return {
    headers: request.headers,
    request,
    asResponse: false,
    returnHeaders: true,
    returnStatus: true,
  } as const;
}

/** Better Auth's error codes, rewritten in SPEC's words (with the field they are about). */
export type Rewrites = Record<string, Omit<AuthErrorBody, "code">>;

/** Better Auth's refusal `error`, in the words of `rewrites` where it has them. */
export function refusal(error: APIError, rewrites: Rewrites): Response {
  const body = error.body as Partial<AuthErrorBody> | undefined;
  const code = body?.code;
  const rewrite = code ? rewrites[code] : undefined;
  return authJson(error.statusCode, rewrite ? { code, ...rewrite } : (body ?? null), error.headers);
}

/**
 * Runs a Better Auth endpoint called with `endpointContext`, and answers with its data
 * (passed through `shape`), headers and status, or with its refusal in SPEC's words.
 * Server-side failures are thrown: handleAuthRequest logs them and answers 503.
 */
export async function answerFrom<T>(
  call: () => Promise<{ headers: Headers; response: T; status?: number }>,
  rewrites: Rewrites = {},
  shape: (data: T) => unknown = (data) => data,
): Promise<Response> {
  try {
    const { headers, response, status } = await call();
    return authJson(status ?? 200, shape(response), headers);
  } catch (error) {
    if (!isAPIError(error) || error.statusCode >= 500) throw error;
    return refusal(error, rewrites);
  }
}
