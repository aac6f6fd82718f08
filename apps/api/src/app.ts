/** Builds the API from its dependencies; src/index.ts serves it. Tests call `app.request()`. */
import { type Database, isDatabaseUnavailable, postgresErrorCode } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { REQUEST_ID_HEADER, requestIdOf } from "@tasks/service/request-id";
import { isShuttingDown } from "@tasks/service/shutdown";
import { retryAfterHeaders } from "@tasks/service/unavailable";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "pino";
import { requirePathUser, requireToken } from "./auth/middleware.ts";
import type { TokenVerifier } from "./auth/token-verifier.ts";
import { buildOpenApiDocument } from "./docs/openapi.ts";
import { renderReferencePage } from "./docs/reference-page.ts";
import { cors } from "./http/cors.ts";
import type { AppEnv } from "./http/env.ts";
import { ApiError, problemResponse } from "./http/problem.ts";
import { type RateLimiter, rateLimit } from "./rate-limit.ts";
import { taskRoutes } from "./tasks/routes.ts";

export const MAX_BODY_BYTES = 32 * 1024;

export interface AppDependencies {
  db: Database;
  verifier: TokenVerifier;
  logger: Logger;
  /** The web app's origin, the only one allowed to call from a browser. */
  corsOrigin: string;
  /** Resolves when the database answers a trivial query. */
  checkDatabase: () => Promise<void>;
  /** The per-person request limit, shared by all instances. */
  rateLimiter: RateLimiter;
}

const unavailable = () =>
  new ApiError(
    "service-unavailable",
    "Your tasks are temporarily unreachable. Please try again in a moment.",
    undefined,
    retryAfterHeaders(),
  );

export function createApp({
  db,
  verifier,
  logger,
  corsOrigin,
  checkDatabase,
  rateLimiter,
}: AppDependencies) {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    c.set("requestId", requestIdOf(c.req.header(REQUEST_ID_HEADER)));
    c.set("logger", logger.child({ reqId: c.get("requestId") }));
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    // On c.res.headers, on every answer, errors included (Hono keeps headers set with
    // c.header() before the handler only for the handler's own response, and c.header()
    // after it would rebuild the whole response).
    c.res.headers.set(REQUEST_ID_HEADER, c.get("requestId"));
    c.res.headers.set("x-content-type-options", "nosniff");
    c.res.headers.set("server-timing", `app;dur=${ms}`);
    c.get("logger").info(
      {
        method: c.req.method,
        path: c.req.routePath,
        status: c.res.status,
        ms,
      },
      "request",
    );
  });
  app.use(
    cors({
      origin: corsOrigin,
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
      exposeHeaders: [
        "Location",
        "Retry-After",
        "X-Request-Id",
        "Server-Timing",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
      ],
      maxAgeSeconds: 600,
    }),
  );

  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/ready", async (c) => {
    // A stopping instance says so first, so a load balancer sends no more (SPEC R-O11).
    if (isShuttingDown()) throw unavailable();
    await checkDatabase().catch((error: unknown) => {
      c.get("logger").warn({ err: describeError(error) }, "database not ready");
      throw unavailable();
    });
    return c.json({ status: "ready" });
  });

  const openApi = buildOpenApiDocument();
  const referencePage = renderReferencePage(openApi);
  app.get("/openapi.json", (c) => c.json(openApi));
  app.get("/docs", (c) => {
    c.header(
      "content-security-policy",
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
    return c.html(referencePage);
  });

  app.use("/api/:userId/*", requireToken(verifier), requirePathUser, rateLimit(rateLimiter));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(
        "payload-too-large",
        `The request body is over ${MAX_BODY_BYTES / 1024} KiB.`,
      );
    },
  });
  // GET and HEAD requests have no body here; checking would build a full fetch Request
  // for each of them, a measurable cost on the busiest path (docs/benchmarks.md).
  app.use("/api/:userId/*", (c, next) =>
    c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next),
  );
  app.route("/api/:userId/tasks", taskRoutes(db));

  app.notFound((c) =>
    problemResponse(
      new ApiError("not-found", "There is nothing at this address."),
      c.get("requestId"),
    ),
  );

  app.onError((error, c) => {
    const requestId = c.get("requestId");
    if (error instanceof ApiError) return problemResponse(error, requestId);
    if (isDatabaseUnavailable(error)) {
      c.get("logger")?.error({ err: describeError(error) }, "database unavailable");
      return problemResponse(unavailable(), requestId);
    }
    const pgCode = postgresErrorCode(error);
    if (pgCode === "23503") {
      // A verified token for an account that no longer exists.
      return problemResponse(
        new ApiError("unauthorized", "A valid bearer token is required.", undefined, {
          "www-authenticate": 'Bearer realm="tasks", error="invalid_token"',
        }),
        requestId,
      );
    }
    if (pgCode?.startsWith("22") || pgCode === "23514") {
      return problemResponse(
        new ApiError("validation", "The input was refused by the database."),
        requestId,
      );
    }
    (c.get("logger") ?? logger).error({ err: describeError(error) }, "unhandled error");
    return problemResponse(
      new ApiError("internal", "Something went wrong on our side."),
      requestId,
    );
  });

  return app;
}
