import "server-only";
import { retryAfterHeaders } from "@tasks/service/unavailable";
import { decodeUtf8 } from "@tasks/service/utf8";

/**
 * The answers of the auth service (/api/auth/*), in the shape Better Auth uses for its
 * errors, `{ code, message }`, with `field` when the message is about one form field.
 */
export interface AuthErrorBody {
  code: string;
  message: string;
  field?: string;
}

/**
 * Every auth answer is private and small. `no-store`: tokens and sessions must never sit
 * in a cache. `no-transform`: Next.js's gzip leaves it alone; compressing a few hundred
 * bytes cost server and client about 2 ms per sign-in (docs/benchmarks.md).
 */
export const AUTH_CACHE_CONTROL = "no-store, no-transform";

/** More than any credential form holds; a larger auth request body is refused with 413. */
export const AUTH_MAX_BODY_BYTES = 16 * 1024;

/** A JSON answer with the auth Cache-Control. */
export function authJson(status: number, body: unknown, headersInit: HeadersInit = {}): Response {
  const headers = new Headers(headersInit);
  headers.set("cache-control", AUTH_CACHE_CONTROL);
  return Response.json(body, { status, headers });
}

/** 503 with Retry-After (SPEC R-O3): the request may be sent again shortly. */
export function authUnavailable(): Response {
  return authJson(
    503,
    {
      code: "SERVICE_UNAVAILABLE",
      message: "Sign-in is temporarily unavailable. Please try again in a moment.",
    },
    retryAfterHeaders(),
  );
}

/** 413 for a body over AUTH_MAX_BODY_BYTES. */
export function authBodyTooLarge(): Response {
  return authJson(413, { code: "PAYLOAD_TOO_LARGE", message: "Request body too large" });
}

/** Reads the rest of a refused body and throws it away, keeping the stream locked. */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done) {
      // nothing to keep
    }
  } catch {
    // The client went away: nothing is left to read.
  }
}

/** A body that is not valid UTF-8 (SPEC R-A11): the client's error, answered with 400. */
export class BodyNotUtf8Error extends Error {
  override name = "BodyNotUtf8Error";
}

/** 400 for a body that is not UTF-8, in the credential rules' shape. */
export function authBodyNotUtf8(): Response {
  return authJson(400, {
    code: "VALIDATION_ERROR",
    message: "The request must be valid UTF-8 text",
    field: "body",
  });
}

/**
 * The request's body as UTF-8 text (strictly: BodyNotUtf8Error otherwise), or undefined
 * as soon as it declares or reaches more than `limit` bytes. The rest is read on and thrown away after the answer, never
 * cancelled: Next.js destroys the request of a cancelled body stream, which resets the
 * connection while the client is still sending (SPEC R-O10). packages/service's server
 * bounds how much of it is read (unread-body.ts).
 */
export async function readBodyWithin(
  request: Request,
  limit = AUTH_MAX_BODY_BYTES,
): Promise<string | undefined> {
  if (!request.body) return "";
  if (Number(request.headers.get("content-length")) > limit) return undefined;
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const text = decodeUtf8(Buffer.concat(parts));
      if (text === undefined) throw new BodyNotUtf8Error();
      return text;
    }
    size += value.length;
    if (size > limit) {
      void discardRest(reader);
      return undefined;
    }
    parts.push(value);
  }
}
