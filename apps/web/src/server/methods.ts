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
  if (request.headers.accept?.includes("text/html")) {
    sentBeforeReady(response, url);
  } else {
    answer(response, 405, METHOD_NOT_ALLOWED_BODY, READ_ONLY);
  }
  return true;
}

/**
 * A browser's POST to a page: a form sent before its script ran (the page's forms post, so
 * nothing typed lands in a URL). Still 405 with `Allow`; in words, with the way back.
 * The body is never read: what was typed is dropped.
 */
function sentBeforeReady(response: ServerResponse, url: string): void {
  // The page's own path, as a link on this site: `//host` would leave it.
  const path = `/${(url.split("?")[0] ?? "").replace(/[^\w/.-]/g, "").replace(/^\/+/, "")}`;
  response.writeHead(405, {
    allow: READ_ONLY,
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'",
  });
  response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not sent - Tasks</title></head>
<body><h1>Nothing was sent</h1>
<p>The page had not finished loading, or JavaScript is turned off, so the form could not be sent. What you typed was not kept.</p>
<p><a href="${path}">Open the page again</a> and try once more.</p></body></html>`);
}
