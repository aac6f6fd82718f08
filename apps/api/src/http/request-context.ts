/**
 * What every request gets first: a request id, a child logger carrying it, and, on every
 * answer (errors included), the `x-request-id`, `x-content-type-options: nosniff` and
 * `server-timing` headers, then one log line (method, route path, status, duration; never
 * headers, query strings or bodies: R-O5).
 */
import { REQUEST_ID_HEADER, requestIdOf } from "@tasks/service/request-id";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { AppEnv } from "./env.ts";

/** The request-context middleware; `logger` is the service's root logger. */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c.req.header(REQUEST_ID_HEADER));
    c.set("requestId", requestId);
    c.set("logger", logger.child({ reqId: requestId }));
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    // On c.res.headers, on every answer, errors included (Hono keeps headers set with
    // c.header() before the handler only for the handler's own response, and c.header()
    // after it would rebuild the whole response: decision 012).
    const headers = c.res.headers;
    headers.set(REQUEST_ID_HEADER, requestId);
    headers.set("x-content-type-options", "nosniff");
    headers.set("server-timing", `app;dur=${ms}`);
    c.get("logger").info(
      { method: c.req.method, path: c.req.routePath, status: c.res.status, ms },
      "request",
    );
  };
}
