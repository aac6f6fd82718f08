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
 * Rules for every request to Better Auth, as a plugin (decision 030): other sites are
 * refused, endpoints `disabledPaths` cannot name stay closed, and a database that cannot
 * be reached is let through as the failure it is wherever Better Auth would have hidden it
 * (as "no session", or in a 500 of its own), so that route.ts answers 503 (SPEC R-O3).
 */

/** Throws the database's failure when `error` is one (unwrapped from Better Auth's APIError). */
function throwIfOutage(error: unknown): void {
  if (!isDatabaseUnavailable(error)) return;
  throw isAPIError(error) && error.cause ? error.cause : error;
}

/** Better Auth's endpoints with a path parameter, which `disabledPaths` (exact paths) cannot close. */
export const CLOSED_PATTERNS = new Set(["/callback/:id", "/reset-password/:token"]);

/**
 * Whether a browser sent the request from another site (SPEC §6). Better Auth checks the
 * Origin only of requests that carry cookies, and of sign-in and sign-up; the forgotten-
 * password requests carry none. Clients that are not browsers send neither header.
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
          // Better Auth's session middleware (getSessionFromCtx) answers a lookup that failed
          // as "no session": the token endpoint would answer 401, and the browser sign the
          // person out during an outage. The lookup runs here first, and a "no session" is
          // asked once more without that catch. get-session shows its failures itself.
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
