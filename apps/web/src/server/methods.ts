/**
 * Methods on what is not an API route (SPEC R-O9). Pages, static files and icons are
 * read-only: GET and HEAD, with OPTIONS saying so; any other method is 405 with `Allow`.
 * Next.js would otherwise render a page for a PUT, answer 500 for a POST to a static
 * file, and take a POST to a page for a server action (this app has none). Route handlers
 * under /api/ answer for themselves (src/server/route-methods.ts).
 *
 * No `import "server-only"`: server.ts, which is not bundled, uses it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const READ_ONLY = "GET, HEAD, OPTIONS";

/** Answers `request` when its method is not one a page or file takes; says whether it did. */
export function answerPageMethod(request: IncomingMessage, response: ServerResponse): boolean {
  const { method = "", url = "/" } = request;
  if (method === "GET" || method === "HEAD" || url.startsWith("/api/")) return false;
  if (method === "OPTIONS") {
    response.writeHead(204, { allow: READ_ONLY, "cache-control": "no-store" });
    response.end();
    return true;
  }
  response.writeHead(405, {
    allow: READ_ONLY,
    "content-type": "application/json",
    "cache-control": "no-store",
  });
  response.end(
    JSON.stringify({ code: "METHOD_NOT_ALLOWED", message: "This method is not allowed here." }),
  );
  return true;
}
