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

/** The paths the route serves: /api/auth/ and anything under it. */
export function isAuthPath(url: string | undefined): boolean {
  return url?.startsWith("/api/auth/") ?? false;
}
