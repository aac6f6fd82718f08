import "server-only";
import { isDatabaseUnavailable } from "@tasks/db";
import type { BetterAuthPlugin } from "better-auth";
import {
  APIError,
  createAuthMiddleware,
  getSession,
  getSessionFromCtx,
  isAPIError,
} from "better-auth/api";
import { getSessionCookie } from "better-auth/cookies";

/**
 * Rules for every request to Better Auth (decision 030): other sites refused, parameterised
 * endpoints closed, database failures let through so route.ts answers 503 (SPEC R-O3).
 */

/** Throws the database's failure when `error` is one (unwrapped from Better Auth's APIError). */
function throwIfOutage(error: unknown): void {
  if (!isDatabaseUnavailable(error)) return;
  throw isAPIError(error) && error.cause ? error.cause : error;
}

/** Better Auth's endpoints with a path parameter, which `disabledPaths` (exact paths) cannot close. */
export const CLOSED_PATTERNS = new Set(["/callback/:id", "/reset-password/:token"]);

/**
 * Whether a browser sent the request from another site (SPEC §6): Better Auth checks Origin
 * only with cookies and on sign-in/up; forgotten-password requests carry none.
 */
function isFromAnotherSite(headers: Headers, webOrigin: string): boolean {
  const origin = headers.get("origin");
  if (origin !== null && origin !== webOrigin) return true;
  return headers.get("sec-fetch-site") === "cross-site";
}

export const requestRules = (webOrigin: string) =>
  ({
    id: "request-rules",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.request?.method === "POST",
          handler: createAuthMiddleware(async (ctx) => {
            if (ctx.request && isFromAnotherSite(ctx.request.headers, webOrigin)) {
              throw new APIError("FORBIDDEN", {
                code: "INVALID_ORIGIN",
                message: "Invalid origin",
              });
            }
          }),
        },
        {
          matcher: (ctx) => ctx.path !== undefined && CLOSED_PATTERNS.has(ctx.path),
          handler: createAuthMiddleware(async () => {
            throw new APIError("NOT_FOUND", { code: "NOT_FOUND", message: "Not found" });
          }),
        },
        {
          // getSessionFromCtx answers a failed lookup as "no session": the token endpoint would 401
          // and sign the person out in an outage. Look up here first; ask a "no session" again.
          matcher: (ctx) =>
            ctx.path !== "/get-session" &&
            ctx.headers !== undefined &&
            !!getSessionCookie(ctx.headers),
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.headers || (await getSessionFromCtx(ctx))) return;
            await getSession()({
              ...ctx,
              headers: ctx.headers,
              method: "GET",
              asResponse: false,
              returnHeaders: false,
              returnStatus: false,
              query: { disableRefresh: true },
            }).catch(throwIfOutage);
          }),
        },
      ],
      after: [
        {
          // A failure Better Auth turned into its own error (get-session's 500, say).
          matcher: (ctx) => isDatabaseUnavailable(ctx.context.returned),
          handler: createAuthMiddleware(async (ctx) => throwIfOutage(ctx.context.returned)),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
