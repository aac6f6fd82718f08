import "server-only";
import { decodeUtf8 } from "@tasks/service/utf8";
import type { BetterAuthOptions } from "better-auth";
import { CLOSED_PATTERNS } from "./auth-rules/request-rules.ts";
import { failureResponse } from "./failure-response.ts";
import { allowOf, METHOD_NOT_ALLOWED_BODY } from "./route-methods.ts";

/**
 * What /api/auth/* adds around Better Auth's handler (decision 030): 413, and 400 for a body
 * not UTF-8 or not JSON before Better Auth decodes it leniently (R-A11); 503 with Retry-After
 * (R-O3); 429 in words with Retry-After (R-A9); 404 and 405 with `Allow` (R-O9); no-store.
 */

export const AUTH_MAX_BODY_BYTES = 16 * 1024;

const UNAVAILABLE = "Sign-in is temporarily unavailable. Please try again in a moment.";

const NOT_FOUND = { code: "NOT_FOUND", message: "Not found" };

type Handler = (request: Request) => Promise<Response>;

interface Endpoint {
  path?: string;
  options?: { method?: string | string[]; metadata?: Record<string, unknown> };
}

/** Better Auth's endpoints as the guard needs them: its `api`, base path, disabled paths and session options. */
export interface AuthEndpoints {
  api: object;
  options: Pick<BetterAuthOptions, "basePath" | "disabledPaths" | "session">;
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
  const type = request.headers.get("content-type") ?? "";
  if (text && JSON_MEDIA_TYPE.test(type) && !parsesAsJson(text)) {
    const message = "The request body must be valid JSON";
    return json(400, { code: "VALIDATION_ERROR", message, field: "body" });
  }
  return text || null;
}

/** The media types Better Auth's router (better-call) reads as JSON. */
const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]*\+)?json/i;

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
    const source = path.replace(/:[^/]+/g, "[^/]+");
    const base = options.basePath ?? "/api/auth";
    // get-session refuses the POST it declares unless refreshes are deferred (its own check).
    const methods = [endpointOptions?.method ?? []]
      .flat()
      .filter(
        (m) => !(path === "/get-session" && m === "POST" && !options.session?.deferSessionRefresh),
      );
    table.push({ pattern: new RegExp(`^${base}${source}$`), methods });
  }
  return (path: string) => table.find((entry) => entry.pattern.test(path))?.methods;
}

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
 * Plugin codes answered 500 for what a client sent: the passkey plugin's catch-all for a
 * WebAuthn answer it cannot verify (a wrong challenge, a garbled attestation). Nothing
 * answers 5xx for a client's input, and after-hooks cannot change a status (decision 048).
 */
const CLIENT_FAULTS = new Set(["FAILED_TO_VERIFY_REGISTRATION"]);

async function asClientFault(response: Response): Promise<Response> {
  if (response.status !== 500) return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { code?: unknown } | null;
  if (typeof body?.code !== "string" || !CLIENT_FAULTS.has(body.code)) return response;
  return json(400, { code: body.code, message: "This passkey could not be added. Try again." });
}

/** A wait of `seconds` as a person reads it: seconds under two minutes, else whole minutes. */
export function waitInWords(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 120) {
    const whole = Math.max(1, Math.ceil(seconds) || 60);
    return whole === 1 ? "1 second" : `${whole} seconds`;
  }
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** The answer as sent: no-store, a 429 in words with Retry-After, 405 with `Allow`. */
function finish(
  response: Response,
  request: Request,
  methodsOf?: () => string[] | undefined,
): Response {
  if (response.status === 429) {
    const seconds =
      response.headers.get("x-retry-after") ?? response.headers.get("retry-after") ?? "60";
    const message = `Too many attempts. Try again in ${waitInWords(Number(seconds))}.`;
    const headers = { "retry-after": seconds, "x-retry-after": seconds };
    return uncached(json(429, { code: "TOO_MANY_REQUESTS", message }, headers));
  }
  // A method the table lists that Better Auth refuses all the same: the same 405 as before it.
  const wrongMethod = response.status === 405 || (response.status === 404 && !response.body);
  const methods = wrongMethod ? methodsOf?.() : undefined;
  if (!methods) return uncached(response);
  const allow = allowOf(methods.filter((method) => method !== request.method));
  return uncached(json(405, METHOD_NOT_ALLOWED_BODY, { allow }));
}

/** Better Auth's handlers behind the guard; `endpoints` is read on first request, not at build. */
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
      // Answered before Better Auth's limiter counts them and stores a row per invented path.
      const methods = methodsOfPath(request);
      if (!methods) return finish(json(404, NOT_FOUND), request);
      if (!methods.includes(method)) {
        return finish(json(405, METHOD_NOT_ALLOWED_BODY, { allow: allowOf(methods) }), request);
      }
      const forwarded =
        request.method === "GET"
          ? request
          : // Bytes, not text: a text body would be labelled text/plain when the client sent no type.
            new Request(request.url, {
              method,
              headers: request.headers,
              body: body === null ? null : Buffer.from(body),
            });
      try {
        const answer = await asClientFault(await handle(forwarded));
        return finish(answer, request, () => methodsOfPath(request));
      } catch (error) {
        const path = new URL(request.url).pathname;
        const answer = failureResponse(error, { event: "auth.server_error", path }, UNAVAILABLE);
        return finish(answer, request);
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
