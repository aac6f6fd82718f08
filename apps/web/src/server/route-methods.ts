/**
 * The other methods of a route handler (SPEC R-O9). Next.js answers a method a route
 * does not export with 405 but no `Allow`, and OPTIONS with every exported method; a
 * route spreads these into its exports so both say what it really takes.
 */
const json = (status: number, body: unknown, headers: Record<string, string>) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

/**
 * Handlers for POST, PUT, PATCH, DELETE (405 with `Allow`) and OPTIONS (204 with `Allow`)
 * of a route that takes only `allowed` (HEAD comes with GET). Export the ones the route
 * does not implement itself.
 */
export function otherMethods(allowed: readonly string[]) {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const notAllowed = () =>
    json(
      405,
      { code: "METHOD_NOT_ALLOWED", message: "This method is not allowed here." },
      { allow },
    );
  const options = () => new Response(null, { status: 204, headers: { allow } });
  return {
    POST: notAllowed,
    PUT: notAllowed,
    PATCH: notAllowed,
    DELETE: notAllowed,
    OPTIONS: options,
  };
}
