/**
 * The auth route's handler, handed to the custom server (server.ts) so that it can answer
 * /api/auth/* without Next.js's routing around the handler (decision 014). Next.js bundles
 * the route, so the server cannot import it; the two share one process, and a global
 * symbol is the one name both can see. The route registers its handler when Next.js first
 * loads it; until then, auth requests go through Next.js as any other.
 */
export type AuthHandler = (request: Request) => Promise<Response>;

const SHARED = Symbol.for("tasks.web.authHandler");
const slot = globalThis as { [SHARED]?: AuthHandler };

export function shareAuthHandler(handler: AuthHandler): void {
  slot[SHARED] = handler;
}

export function sharedAuthHandler(): AuthHandler | undefined {
  return slot[SHARED];
}

/**
 * Requests the server hands over: the methods the auth endpoints use, on /api/auth/*.
 * Anything else goes through Next.js: 405 for other methods, as before.
 */
export function isDirectAuthRequest(method: string | undefined, url: string | undefined) {
  return (method === "GET" || method === "POST") && (url?.startsWith("/api/auth/") ?? false);
}

/**
 * Every auth answer is private and small. `no-store`: tokens and sessions must never sit
 * in a cache. `no-transform`: Next.js's gzip leaves it alone; compressing a few hundred
 * bytes cost server and client about 2 ms per sign-in (docs/benchmarks.md).
 */
export const AUTH_CACHE_CONTROL = "no-store, no-transform";

/** More than any sign-up form holds; a larger auth request body is refused with 413. */
export const AUTH_MAX_BODY_BYTES = 16 * 1024;

export const bodyTooLarge = { code: "PAYLOAD_TOO_LARGE", message: "Request body too large" };

export const authUnavailable = {
  code: "SERVICE_UNAVAILABLE",
  message: "Sign-in is temporarily unavailable. Please try again in a moment.",
};

/**
 * A body read whole, or undefined as soon as it declares or reaches more than `limit`
 * bytes (the rest is not read). Node's request stream and a Fetch body alike: the custom
 * server bounds what it buffers, the handler bounds what it parses, on either path.
 */
export async function readWithin(
  chunks: AsyncIterable<Uint8Array>,
  declaredLength: string | null | undefined,
  limit = AUTH_MAX_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (Number(declaredLength) > limit) return undefined;
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limit) return undefined;
    parts.push(chunk);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.length;
  }
  return body;
}
