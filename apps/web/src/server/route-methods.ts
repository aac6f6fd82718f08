/**
 * 405 with `Allow`, and OPTIONS, for every resource (SPEC R-O9): Next.js's own 405 has none.
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

/** 405 and OPTIONS handlers for a route taking only `allowed`: export those it lacks. */
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
