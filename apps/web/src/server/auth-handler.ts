import "server-only";
import { isDatabaseUnavailable } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { auth } from "./auth.ts";
import {
  AUTH_CACHE_CONTROL,
  authBodyTooLarge,
  authJson,
  authUnavailable,
  readBodyWithin,
} from "./auth-answers.ts";
import { matchEndpoint } from "./auth-endpoints.ts";
import { isHiddenOutage } from "./auth-outage.ts";
import { handleCredentials } from "./credential-requests.ts";
import { logger } from "./logger.ts";

/**
 * The request as Better Auth takes it: HEAD as GET (it routes GET only), and a body
 * already read as text.
 */
function forBetterAuth(request: Request, body: string | null): Request {
  return new Request(request, { method: request.method === "HEAD" ? "GET" : request.method, body });
}

/**
 * Every /api/auth/* request (the route in src/app/api/auth/[...all]/route.ts), whatever
 * its method: closed endpoints answer 404 (405 with `Allow` for another method on an
 * open path), bodies over 16 KiB 413, sign-in and sign-up go through our throttle and
 * rules, the rest to Better Auth; failures become 503.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const endpoint = matchEndpoint(request.method, path);
  if ("options" in endpoint) {
    return new Response(null, { status: 204, headers: { allow: endpoint.allow } });
  }
  if (!endpoint.open) {
    return endpoint.allow
      ? authJson(
          405,
          { code: "METHOD_NOT_ALLOWED", message: "This method is not allowed here." },
          { allow: endpoint.allow },
        )
      : authJson(404, { code: "NOT_FOUND", message: "Not found" });
  }
  try {
    const body = request.method === "POST" ? await readBodyWithin(request) : null;
    if (body === undefined) return authBodyTooLarge();
    const response = endpoint.action
      ? await handleCredentials(request, endpoint.action, body ?? "")
      : await auth().handler(forBetterAuth(request, body));
    if (await isHiddenOutage(request, response)) return authUnavailable();
    if (path === "/api/auth/sign-out" && response.ok) {
      logger().info({ event: "auth.sign-out" }, "sign-out");
    }
    response.headers.set("cache-control", AUTH_CACHE_CONTROL);
    return response;
  } catch (error) {
    // Nothing a client sends ends here: this is the server failing. It may be retried.
    if (!isDatabaseUnavailable(error)) {
      logger().error(
        { event: "auth.server_error", path, error: describeError(error) },
        "auth failed",
      );
    }
    return authUnavailable();
  }
}
