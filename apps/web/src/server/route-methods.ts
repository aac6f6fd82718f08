/**
 * What a resource answers for a method it does not take (SPEC R-O9), in one place for
 * the custom server (pages and files, src/server/methods.ts), the route handlers, and
 * the auth route. Next.js itself answers a method a route does not export with 405 but
 * no `Allow`, and OPTIONS with every exported method: routes spread `otherMethods` into
 * their exports so both say what the route really takes.
 *
 * No `import "server-only"`: server.ts, which is not bundled, uses it.
 */

/** The `Allow` value for a resource taking `methods`: HEAD comes with GET, OPTIONS always. */
export function allowOf(methods: readonly string[]): string {
  return [...methods.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])), "OPTIONS"].join(", ");
}

/** The body of every 405, in the auth service's error shape. */
export const METHOD_NOT_ALLOWED_BODY = {
  code: "METHOD_NOT_ALLOWED",
  message: "This method is not allowed here.",
};

/** 405 with `allow` (an `allowOf` value). */
export function methodNotAllowed(allow: string): Response {
  return Response.json(METHOD_NOT_ALLOWED_BODY, {
    status: 405,
    headers: { allow, "cache-control": "no-store" },
  });
}

/** 204 answering OPTIONS with `allow`. */
export function allowedMethods(allow: string): Response {
  return new Response(null, { status: 204, headers: { allow } });
}

/**
 * Handlers for POST, PUT, PATCH, DELETE (405) and OPTIONS (204) of a route that takes
 * only `allowed`. Export the ones the route does not implement itself.
 */
export function otherMethods(allowed: readonly string[]) {
  const allow = allowOf(allowed);
  const notAllowed = () => methodNotAllowed(allow);
  const options = () => allowedMethods(allow);
  return {
    POST: notAllowed,
    PUT: notAllowed,
    PATCH: notAllowed,
    DELETE: notAllowed,
    OPTIONS: options,
  };
}
