/** First on every request: request id, secure headers, a child logger, one log line per answer (R-O5). */
import type { MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import type { AppEnv } from "./env.ts";

/** The request-context middleware, in order; `logger` is the service's root logger. */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv>[] {
  // CORP is for resources other sites embed; the API is read through CORS.
  return [
    requestId({ limitLength: 128 }),
    requestLog(logger),
    secureHeaders({ crossOriginResourcePolicy: false }),
  ];
}

function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = c.get("requestId");
    c.set("logger", logger.child({ reqId: requestId }));
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    // On c.res.headers: an error's or a 404's answer is built apart from c.header()'s.
    const headers = c.res.headers;
    headers.set("x-request-id", requestId);
    headers.set("server-timing", `app;dur=${ms}`);
    c.get("logger").info(
      { method: c.req.method, path: c.req.routePath, status: c.res.status, ms },
      "request",
    );
  };
}
