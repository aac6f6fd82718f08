/**
 * What the custom server answers before Next.js (SPEC R-O9). Pages, static files and
 * icons are read-only: GET and HEAD, with OPTIONS saying so; any other method is 405 with
 * `Allow`. Next.js would otherwise render a page for a PUT, answer 500 for a POST to a
 * static file, and take a POST to a page for a server action (this app has none). Its
 * image optimiser, which nothing here uses, is not served. Route handlers under /api/
 * answer for themselves (src/server/route-methods.ts). The target is already origin-form
 * without dot segments (packages/service's server), so `/api/../x` is `/x` here too.
 *
 * No `import "server-only"`: server.ts, which is not bundled, uses it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { allowOf, METHOD_NOT_ALLOWED_BODY } from "./route-methods.ts";

const READ_ONLY = allowOf(["GET"]);
const UNUSED = /^\/_next\/image(\/|\?|$)/;

function answer(response: ServerResponse, status: number, body: unknown, allow?: string): void {
  response.writeHead(status, {
    ...(allow ? { allow } : {}),
    "content-type": "application/json",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(body));
}

/** Answers `request` when Next.js must not: says whether it did. */
export function answerBeforeNext(request: IncomingMessage, response: ServerResponse): boolean {
  const { method = "", url = "/" } = request;
  if (UNUSED.test(url)) {
    answer(response, 404, { code: "NOT_FOUND", message: "Not found" });
    return true;
  }
  if (method === "GET" || method === "HEAD" || url.startsWith("/api/")) return false;
  if (method === "OPTIONS") {
    response.writeHead(204, { allow: READ_ONLY, "cache-control": "no-store" }).end();
    return true;
  }
  answer(response, 405, METHOD_NOT_ALLOWED_BODY, READ_ONLY);
  return true;
}
