import "server-only";

/** The requests that check a password and are throttled and checked by our rules first. */
export type CredentialAction = "sign-in" | "sign-up";

/**
 * The Better Auth endpoints this product uses, by `METHOD /path`, with the credential
 * action each is, if any. Everything else Better Auth ships answers 404: unused doors are
 * closed, not guarded.
 */
const OPEN_ENDPOINTS = new Map<string, CredentialAction | null>([
  ["POST /api/auth/sign-up/email", "sign-up"],
  ["POST /api/auth/sign-in/email", "sign-in"],
  ["POST /api/auth/sign-out", null],
  ["GET /api/auth/get-session", null],
  ["GET /api/auth/token", null],
  ["GET /api/auth/jwks", null],
]);

/** Methods each open path answers, for 405's Allow header. */
const METHODS_OF_PATH = new Map<string, string[]>();
for (const endpoint of OPEN_ENDPOINTS.keys()) {
  const [method = "", path = ""] = endpoint.split(" ");
  METHODS_OF_PATH.set(path, [...(METHODS_OF_PATH.get(path) ?? []), method]);
}

export type EndpointMatch =
  | { open: true; action: CredentialAction | null }
  | { open: false; allow?: string }
  | { options: true; allow: string };

/**
 * What `method path` is: an open endpoint (with its credential action, if any); OPTIONS
 * on an open path (with `allow`); or closed, with `allow` when the path takes other
 * methods (405) and without when it is not open at all (404). HEAD goes where GET does.
 */
export function matchEndpoint(method: string, path: string): EndpointMatch {
  const action = OPEN_ENDPOINTS.get(`${method === "HEAD" ? "GET" : method} ${path}`);
  if (action !== undefined) return { open: true, action };
  const methods = METHODS_OF_PATH.get(path);
  if (!methods) return { open: false };
  const allow = [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  return method === "OPTIONS" ? { options: true, allow } : { open: false, allow };
}
