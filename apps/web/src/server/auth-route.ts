import "server-only";
import { isDatabaseUnavailable } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { retryAfterHeaders } from "@tasks/service/unavailable";
import { decodeUtf8 } from "@tasks/service/utf8";
import { CLOSED_PATTERNS } from "./auth-rules/request-rules.ts";
import { logger } from "./logger.ts";
import { allowOf, METHOD_NOT_ALLOWED_BODY } from "./route-methods.ts";

/**
 * What /api/auth/* (app/api/auth/[...all]/route.ts) adds around Better Auth's handler, and
 * nothing else (decision 030):
 * - a body over 16 KiB is 413, and one that is not UTF-8 or not JSON is 400 naming the body
 *   (SPEC R-A11), before Better Auth reads it (it decodes leniently, so different bytes could
 *   read as one password);
 * - a failure to reach the database is 503 with Retry-After (R-O3): Better Auth lets such
 *   errors through (`onAPIError.throw`; request-rules.ts unwraps those it would hide);
 * - every answer is `no-store, no-transform` (tokens are never cached; nothing recompresses
 *   them), and a 429 (Better Auth's limiter decides before any hook runs) gets
 *   `Retry-After` beside Better Auth's `X-Retry-After`, and says when in words (R-A9);
 * - a path Better Auth does not serve is 404, and a method a path does not take is 405 with
 *   `Allow`, from Better Auth's own table of endpoints (R-O9), before its limiter counts
 *   them; OPTIONS says the same.
 */

export const AUTH_MAX_BODY_BYTES = 16 * 1024;

/** The answer while the database cannot be reached, in sign-in's shape. */
const UNAVAILABLE = {
  code: "SERVICE_UNAVAILABLE",
  message: "Sign-in is temporarily unavailable. Please try again in a moment.",
};

const NOT_FOUND = { code: "NOT_FOUND", message: "Not found" };

type Handler = (request: Request) => Promise<Response>;

/** What the guard reads of a Better Auth endpoint (`auth().api`'s values). */
interface Endpoint {
  path?: string;
  options?: { method?: string | string[]; metadata?: Record<string, unknown> };
}

/** Better Auth's endpoints as the guard needs them: its `api`, base path and disabled paths. */
export interface AuthEndpoints {
  api: object;
  options: { basePath?: string; disabledPaths?: string[] };
}

function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  return Response.json(body, { status, headers });
}

/** Reads the rest of a refused body and throws it away: a cancelled one would reset the client. */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done) {
      // nothing to keep
    }
  } catch {
    // The client went away.
  }
}

/** The body as UTF-8 text (null when empty), or the answer refusing it. */
async function readBody(request: Request): Promise<string | null | Response> {
  const tooLarge = () =>
    json(413, { code: "PAYLOAD_TOO_LARGE", message: "Request body too large" });
  if (!request.body) return null;
  if (Number(request.headers.get("content-length")) > AUTH_MAX_BODY_BYTES) return tooLarge();
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.length;
    if (size > AUTH_MAX_BODY_BYTES) {
      void discardRest(reader);
      return tooLarge();
    }
    parts.push(part.value);
  }
  const text = decodeUtf8(Buffer.concat(parts));
  if (text === undefined) {
    const message = "The request must be valid UTF-8 text";
    return json(400, { code: "VALIDATION_ERROR", message, field: "body" });
  }
  // Better Auth's own refusal names no field; the form's fields are in the body.
  if (text && request.headers.get("content-type")?.includes("json") && !parsesAsJson(text)) {
    const message = "The request body must be valid JSON";
    return json(400, { code: "VALIDATION_ERROR", message, field: "body" });
  }
  return text || null;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The methods each open path takes, matched by its pattern (`:token` is one segment). */
function methodTable({ api, options }: AuthEndpoints) {
  const table: { pattern: RegExp; methods: string[] }[] = [];
  for (const endpoint of Object.values(api) as Endpoint[]) {
    const { path, options: endpointOptions } = endpoint;
    if (!path || endpointOptions?.metadata?.SERVER_ONLY) continue;
    if (options.disabledPaths?.includes(path) || CLOSED_PATTERNS.has(path)) continue;
    const method = endpointOptions?.method ?? [];
    const source = path.replace(/:[^/]+/g, "[^/]+");
    const base = options.basePath ?? "/api/auth";
    table.push({ pattern: new RegExp(`^${base}${source}$`), methods: [method].flat() });
  }
  return (path: string) => table.find((entry) => entry.pattern.test(path))?.methods;
}

/** `response` marked `no-store, no-transform`, in place where its headers can change. */
function uncached(response: Response): Response {
  try {
    response.headers.set("cache-control", "no-store, no-transform");
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set("cache-control", "no-store, no-transform");
    return copy;
  }
}

/**
 * The answer as sent: headers every auth answer carries; a 429 in sign-in's shape, saying
 * when to try again, with `Retry-After`; 405 with Allow for a method the path does not take
 * (`methodsOf` is asked only then); one JSON shape for every 404.
 */
function finish(
  response: Response,
  request: Request,
  methodsOf?: () => string[] | undefined,
): Response {
  if (response.status === 429) {
    const seconds =
      response.headers.get("x-retry-after") ?? response.headers.get("retry-after") ?? "60";
    const message = `Too many attempts. Try again in ${seconds} seconds.`;
    const headers = { "retry-after": seconds, "x-retry-after": seconds };
    return uncached(json(429, { code: "TOO_MANY_REQUESTS", message }, headers));
  }
  const wrongMethod = response.status === 405 || (response.status === 404 && !response.body);
  const methods = wrongMethod ? methodsOf?.() : undefined;
  // Better Auth's own 404s are empty or plain text ("Not Found"): one JSON shape for all.
  const plain404 =
    response.status === 404 && !response.headers.get("content-type")?.includes("json");
  if (!methods && plain404) return uncached(json(404, NOT_FOUND));
  if (!methods) return uncached(response);
  const allow = allowOf(methods.filter((method) => method !== request.method));
  return uncached(json(405, METHOD_NOT_ALLOWED_BODY, { allow }));
}

/**
 * Better Auth's Next.js handlers (`toNextJsHandler`), each behind the guard above, and
 * OPTIONS; `endpoints` is read on the first request (the build loads route modules
 * without a configuration).
 */
export function guardAuthRoute(
  handlers: Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>,
  endpoints: () => AuthEndpoints,
) {
  let methodsOf: ((path: string) => string[] | undefined) | undefined;
  const methodsOfPath = (request: Request) => {
    methodsOf ??= methodTable(endpoints());
    return methodsOf(new URL(request.url).pathname);
  };
  const guard =
    (handle: Handler): Handler =>
    async (request) => {
      const body =
        request.method === "GET" || request.method === "HEAD" ? null : await readBody(request);
      if (body instanceof Response) return finish(body, request);
      // Better Auth routes GET only; Next.js leaves out the body of the answer to a HEAD.
      const method = request.method === "HEAD" ? "GET" : request.method;
      // Answered here, before Better Auth's limiter would count them and store a row for
      // every path a client invents.
      const methods = methodsOfPath(request);
      if (!methods) return finish(json(404, NOT_FOUND), request);
      if (!methods.includes(method))
        return finish(new Response(null, { status: 405 }), request, () => methods);
      const forwarded =
        request.method === "GET"
          ? request
          : new Request(request.url, { method, headers: request.headers, body });
      try {
        return finish(await handle(forwarded), request, () => methodsOfPath(request));
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          return finish(json(503, UNAVAILABLE, retryAfterHeaders()), request);
        }
        const path = new URL(request.url).pathname;
        logger().error(
          { event: "auth.server_error", path, err: describeError(error) },
          "auth failed",
        );
        const failed = {
          code: "INTERNAL_SERVER_ERROR",
          message: "Something went wrong. Please try again.",
        };
        return finish(json(500, failed), request);
      }
    };
  const options: Handler = async (request) => {
    const methods = methodsOfPath(request);
    const answer = methods
      ? new Response(null, { status: 204, headers: { allow: allowOf(methods) } })
      : json(404, NOT_FOUND);
    return finish(answer, request);
  };
  return {
    GET: guard(handlers.GET),
    POST: guard(handlers.POST),
    PUT: guard(handlers.PUT),
    PATCH: guard(handlers.PATCH),
    DELETE: guard(handlers.DELETE),
    OPTIONS: options,
  };
}
