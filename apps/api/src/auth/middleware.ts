/**
 * 401 unless the bearer token verifies, 403 unless the path names its user (and, with
 * AUTH_REQUIRE_MFA, unless its `amr` shows a second factor; R-M8): before any handler.
 */
import { describeError } from "@tasks/service/logger";
import { retryAfterHeaders } from "@tasks/service/unavailable";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/problem.ts";
import { KeySetUnavailableError } from "./key-set.ts";
import { RevocationsUnavailableError } from "./revocations.ts";
import type { TokenVerifier } from "./token-verifier.ts";

const BEARER = /^Bearer +(\S+)$/i;

/** The same answer for every failure: a client learns nothing about why its token failed. */
function unauthorized(hadToken: boolean): ApiError {
  const challenge = hadToken
    ? 'Bearer realm="tasks", error="invalid_token"'
    : 'Bearer realm="tasks"';
  return new ApiError("unauthorized", "A valid bearer token is required.", undefined, {
    "www-authenticate": challenge,
  });
}

export function requireToken(verifier: TokenVerifier, requireMfa = false) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) throw unauthorized(false);
    const token = BEARER.exec(header)?.[1];
    if (!token) throw unauthorized(true);

    let verified: Awaited<ReturnType<TokenVerifier["verify"]>>;
    try {
      verified = await verifier.verify(token);
    } catch (error) {
      if (error instanceof KeySetUnavailableError) {
        c.get("logger").error({ err: describeError(error.cause) }, "signing keys unavailable");
        // The revocation list logs its own outage, once.
      } else if (!(error instanceof RevocationsUnavailableError)) throw error;
      throw new ApiError(
        "service-unavailable",
        "Sign-in is temporarily unavailable. Please try again in a moment.",
        undefined,
        retryAfterHeaders(),
      );
    }
    if (!verified) {
      c.get("logger").info({ event: "auth.invalid_token" }, "invalid bearer token");
      throw unauthorized(true);
    }
    if (requireMfa && !verified.secondFactor) {
      c.get("logger").info({ event: "auth.mfa_required" }, "token without a second factor");
      throw new ApiError("mfa-required", "Sign in with a second factor to use the API.");
    }
    c.set("userId", verified.userId);
    await next();
  });
}

/** The path's {user_id} must be the token's subject. */
export const requirePathUser = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.param("user_id") !== c.get("userId")) {
    c.get("logger").info({ event: "auth.forbidden_path" }, "path user differs from token subject");
    throw new ApiError("forbidden", "You can only access your own tasks.");
  }
  await next();
});
