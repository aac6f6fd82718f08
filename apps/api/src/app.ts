/** Builds the API from its dependencies: src/index.ts serves it, tests call `app.request()`. */
import type { Database } from "@tasks/db";
import { IMPLEMENTED_METHODS } from "@tasks/service/http-server";
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { Logger } from "pino";
import { requirePathUser, requireToken } from "./auth/middleware.ts";
import type { TokenVerifier } from "./auth/token-verifier.ts";
import { serveDocs } from "./docs/openapi.ts";
import { healthRoutes } from "./health.ts";
import { limitBody } from "./http/body-limit.ts";
import { createErrorHandler } from "./http/error-handler.ts";
import { ApiError, problemResponse } from "./http/problem.ts";
import { requestContext } from "./http/request-context.ts";
import { createRouter } from "./http/router.ts";
import { strictBody, strictQuery } from "./http/validation.ts";
import { type RateLimiter, rateLimit } from "./rate-limit.ts";
import { tagRoutes } from "./routes/tags/index.ts";
import { taskRoutes } from "./routes/tasks/index.ts";

export interface AppDependencies {
  db: Database;
  verifier: TokenVerifier;
  logger: Logger;
  corsOrigin: string;
  checkDatabase: () => Promise<void>;
  rateLimiter: RateLimiter;
  /** AUTH_REQUIRE_MFA: refuse tokens without a second factor (R-M8). */
  requireMfa?: boolean;
}

/** The app: middleware in the order a request meets it (docs/architecture.md), then the routes. */
export function createApp({
  db,
  verifier,
  logger,
  corsOrigin,
  checkDatabase,
  rateLimiter,
  requireMfa = false,
}: AppDependencies) {
  const app = createRouter();

  app.use(...requestContext(logger));
  const allowCors = cors({
    origin: corsOrigin,
    allowMethods: (origin) =>
      origin === corsOrigin ? ["GET", "POST", "PUT", "PATCH", "DELETE"] : [],
    allowHeaders: ["Authorization", "Content-Type", "X-Request-Id", "If-Match", "Idempotency-Key"],
    exposeHeaders: [
      "Location",
      "ETag",
      "Idempotent-Replayed",
      "Content-Disposition",
      "Retry-After",
      "X-Request-Id",
      "Server-Timing",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
    ],
    maxAge: 600,
  });
  // hono/cors costs @hono/node-server a whole Response: only web-origin requests and preflights need it.
  const webCors: MiddlewareHandler = async (c, next) => {
    if (c.req.header("origin") === corsOrigin || c.req.method === "OPTIONS") {
      return allowCors(c, next);
    }
    await next();
    c.res.headers.append("vary", "Origin");
  };
  app.use(webCors);

  app.route("/", healthRoutes(checkDatabase));
  app.use(
    "/api/:user_id/*",
    requireToken(verifier, requireMfa),
    requirePathUser,
    rateLimit(rateLimiter),
    limitBody,
    strictBody,
    strictQuery,
  );
  app.route("/api/:user_id/tasks", taskRoutes(db));
  app.route("/api/:user_id/tags", tagRoutes(db));
  serveDocs(app);

  // No resource here: 404, or 501 for a method no resource implements (R-O9).
  app.notFound((c) =>
    problemResponse(
      IMPLEMENTED_METHODS.has(c.req.method)
        ? new ApiError("not-found", "There is nothing at this address.")
        : new ApiError("not-implemented", "This server does not implement this method."),
      c.get("requestId"),
    ),
  );
  app.onError(createErrorHandler(logger));

  return app;
}
