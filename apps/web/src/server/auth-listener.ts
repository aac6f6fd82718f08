import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { describeError } from "@tasks/service/logger";
import { webConfig } from "../env.ts";
import { authUnavailable } from "./auth-answers.ts";
import { handleAuthRequest } from "./auth-handler.ts";
import { logger } from "./logger.ts";

/**
 * /api/auth/* as the custom server answers it (server.ts; decision 014). Next.js never
 * sees these paths: its routing around a route handler cost about 5 ms per sign-in and
 * 1.5 ms of CPU per session check (docs/benchmarks.md). Here Node's request becomes a
 * Fetch `Request` for handleAuthRequest, the same function the tests call, and its
 * `Response` is written back.
 *
 * Hand-written rather than @hono/node-server's adapter (the API's): that adapter builds
 * the `Request` from the raw headers, past the client address server.ts vouches for, and
 * its lightweight `Request` works as one only where it may replace the global classes,
 * which Next.js, in this same process, relies on.
 */

/** The paths answered here; every other path goes on to Next.js. */
export const AUTH_PATH_PREFIX = "/api/auth/";

/** Whether `target` (origin-form: packages/service's server normalised it) is an auth path. */
export function isAuthRequest(target: string): boolean {
  return target.startsWith(AUTH_PATH_PREFIX);
}

/**
 * Node's request as a Fetch `Request`: the configured origin (never the client's Host),
 * the headers as server.ts left them, and the body as a stream the handler reads within
 * its limit; what it leaves unread is packages/service's server's to discard.
 */
function toFetchRequest(request: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = request.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  // `duplex` (a streamed body) is Fetch's, missing from TypeScript's DOM types.
  const init: RequestInit & { duplex: "half" } = {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(request) as ReadableStream<Uint8Array>) : null,
    duplex: "half",
  };
  return new Request(new URL(request.url ?? "/", origin), init);
}

/** A Fetch `Response` onto Node's, whole (auth answers are small), every Set-Cookie apart. */
async function sendFetchResponse(response: Response, target: ServerResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") target.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) target.setHeader("set-cookie", cookies);
  target.setHeader("content-length", body.length);
  target.writeHead(response.status).end(body);
}

/**
 * The Node request listener for /api/auth/*. handleAuthRequest answers every failure
 * itself; should anything still throw, the answer is 503 and the failure is logged.
 */
export async function serveAuthRequest(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let answer: Response;
  try {
    answer = await handleAuthRequest(toFetchRequest(request, webConfig().webUrl));
  } catch (error) {
    logger().error({ event: "auth.server_error", error: describeError(error) }, "auth failed");
    answer = authUnavailable();
  }
  if (!response.destroyed) await sendFetchResponse(answer, response);
}
