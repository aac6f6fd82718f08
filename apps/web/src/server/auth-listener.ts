import "server-only";
import {
  type IncomingMessage,
  type ServerResponse,
  validateHeaderName,
  validateHeaderValue,
} from "node:http";
import { Readable } from "node:stream";
import { describeError } from "@tasks/service/logger";
import { authUnavailable } from "./auth-answers.ts";
import { logger } from "./logger.ts";

/**
 * /api/auth/* as the custom server answers it (server.ts; decision 014). Next.js never
 * sees these paths: its routing around a route handler cost about 5 ms per sign-in and
 * 1.5 ms of CPU per session check (docs/benchmarks.md). Here Node's request becomes a
 * Fetch `Request` for the auth handler, the same function the tests call, and its
 * `Response` is written back.
 *
 * Hand-written rather than @hono/node-server's adapter (the API's): that adapter builds
 * the `Request` from the raw headers, past the client address server.ts vouches for, and
 * its lightweight `Request` works as one only where it may replace the global classes,
 * which Next.js, in this same process, relies on.
 */

/** The paths answered here; every other path goes on to Next.js. */
const AUTH_PATH_PREFIX = "/api/auth/";

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

/** Statuses whose answers carry no body and no Content-Length (RFC 9110 §8.6). */
const WITHOUT_BODY = new Set([204, 304]);

interface NodeAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * A Fetch `Response` read whole (auth answers are small), with a Content-Length and every
 * Set-Cookie apart, and every header checked as Node will check it: a header Node would
 * refuse throws here, before anything of the answer is written.
 */
async function toNodeAnswer(response: Response): Promise<NodeAnswer> {
  const bodiless = WITHOUT_BODY.has(response.status);
  const body = bodiless ? Buffer.alloc(0) : Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") headers[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (!bodiless) headers["content-length"] = String(body.length);
  for (const [name, value] of Object.entries(headers)) {
    validateHeaderName(name);
    for (const item of Array.isArray(value) ? value : [value]) validateHeaderValue(name, item);
  }
  return { status: response.status, headers, body };
}

/** A Node request listener that answers with `handle`, never rejecting (server.ts does not wait). */
export type AuthListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * The listener for /api/auth/*: `handle` (the auth handler, auth-handler.ts) answers every
 * request; requests are made on `origin` (WEB_URL's). Should the handler throw, or answer
 * with something Node cannot send, the answer is 503 and the failure is logged; should
 * even that fail, the connection is closed rather than the process brought down.
 */
export function createAuthListener(
  handle: (request: Request) => Promise<Response>,
  origin: string,
): AuthListener {
  return async (request, response) => {
    try {
      let answer: NodeAnswer;
      try {
        answer = await toNodeAnswer(await handle(toFetchRequest(request, origin)));
      } catch (error) {
        logger().error({ event: "auth.server_error", error: describeError(error) }, "auth failed");
        answer = await toNodeAnswer(authUnavailable());
      }
      if (!response.destroyed) response.writeHead(answer.status, answer.headers).end(answer.body);
    } catch {
      response.destroy();
    }
  };
}
