import "server-only";
import { allowOf } from "./route-methods.ts";

/** Sign-in and sign-up: throttled and checked by our rules first (credential-requests.ts). */
export type CredentialAction = "sign-in" | "sign-up";

/** The account's requests (SPEC §6) that our rules check first (account-requests.ts). */
export type AccountAction =
  | "list-sessions"
  | "revoke-session"
  | "update-user"
  | "change-password"
  | "delete-user"
  | "request-password-reset"
  | "reset-password";

export type EndpointAction = CredentialAction | AccountAction;

/**
 * The Better Auth endpoints this product uses, by `METHOD /path`, with the action our
 * rules apply first, or null for those Better Auth answers alone. Everything else
 * Better Auth ships answers 404: unused doors are closed, not guarded.
 */
const OPEN_ENDPOINTS = new Map<string, EndpointAction | null>([
  ["POST /api/auth/sign-up/email", "sign-up"],
  ["POST /api/auth/sign-in/email", "sign-in"],
  ["POST /api/auth/sign-out", null],
  ["GET /api/auth/get-session", null],
  ["GET /api/auth/token", null],
  ["GET /api/auth/jwks", null],
  // The account and its sessions (SPEC R-S1–R-S3, R-S8).
  ["GET /api/auth/list-sessions", "list-sessions"],
  ["POST /api/auth/revoke-session", "revoke-session"],
  ["POST /api/auth/revoke-other-sessions", null],
  ["POST /api/auth/revoke-sessions", null],
  ["POST /api/auth/update-user", "update-user"],
  ["POST /api/auth/change-password", "change-password"],
  ["POST /api/auth/delete-user", "delete-user"],
  // Forgotten passwords (SPEC R-S4).
  ["POST /api/auth/request-password-reset", "request-password-reset"],
  ["POST /api/auth/reset-password", "reset-password"],
]);

/** Methods each open path answers, for 405's Allow header. */
const METHODS_OF_PATH = new Map<string, string[]>();
for (const endpoint of OPEN_ENDPOINTS.keys()) {
  const [method = "", path = ""] = endpoint.split(" ");
  METHODS_OF_PATH.set(path, [...(METHODS_OF_PATH.get(path) ?? []), method]);
}

export type EndpointMatch =
  | { open: true; action: EndpointAction | null }
  | { open: false; allow?: string }
  | { options: true; allow: string };

/**
 * What `method path` is: an open endpoint (with its action, if any); OPTIONS
 * on an open path (with `allow`); or closed, with `allow` when the path takes other
 * methods (405) and without when it is not open at all (404). HEAD goes where GET does.
 */
export function matchEndpoint(method: string, path: string): EndpointMatch {
  const action = OPEN_ENDPOINTS.get(`${method === "HEAD" ? "GET" : method} ${path}`);
  if (action !== undefined) return { open: true, action };
  const methods = METHODS_OF_PATH.get(path);
  if (!methods) return { open: false };
  const allow = allowOf(methods);
  return method === "OPTIONS" ? { options: true, allow } : { open: false, allow };
}
