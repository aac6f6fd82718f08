/**
 * CORS for the one origin allowed to call from a browser: the web app.
 *
 * Hono's cors middleware writes to `c.res` before the handler runs, and on
 * @hono/node-server that turns every answer into a full fetch Response, twice (the
 * largest avoidable cost of a list request: docs/benchmarks.md). These are the same
 * headers, written once the answer exists, on every answer, errors included, so a
 * browser can read a 401 and renew its token.
 */
import type { MiddlewareHandler } from "hono";

export interface CorsOptions {
  origin: string;
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

export function cors(options: CorsOptions): MiddlewareHandler {
  const expose = options.exposeHeaders.join(", ");
  const preflight = {
    "access-control-allow-origin": options.origin,
    "access-control-allow-methods": options.allowMethods.join(", "),
    "access-control-allow-headers": options.allowHeaders.join(", "),
    "access-control-max-age": String(options.maxAgeSeconds),
  };
  return async (c, next) => {
    const allowed = c.req.header("origin") === options.origin;
    if (c.req.method === "OPTIONS") {
      // Answered before authentication: a preflight never carries the token.
      return c.body(null, 204, { ...(allowed ? preflight : {}), vary: "Origin" });
    }
    await next();
    const headers = c.res.headers;
    headers.append("vary", "Origin");
    if (allowed) {
      headers.set("access-control-allow-origin", options.origin);
      headers.set("access-control-expose-headers", expose);
    }
  };
}
