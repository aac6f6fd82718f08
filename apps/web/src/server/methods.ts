/**
 * What the custom server answers before Next.js (SPEC R-O9): pages and static files take GET,
 * HEAD and OPTIONS, else 405 with `Allow` (Next.js would render a page for a PUT).
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
