import "server-only";
import { isDatabaseUnavailable } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { webConfig } from "../env.ts";
import { accountRequests } from "./account-requests.ts";
import { auth } from "./auth.ts";
import {
  AUTH_CACHE_CONTROL,
  authBodyNotUtf8,
  authBodyTooLarge,
  authJson,
  authUnavailable,
  BodyNotUtf8Error,
  readBodyWithin,
} from "./auth-answers.ts";
import { type EndpointAction, matchEndpoint } from "./auth-endpoints.ts";
import { isHiddenOutage } from "./auth-outage.ts";
import { handleCredentials } from "./credential-requests.ts";
import { logger } from "./logger.ts";
import { isFromAnotherSite } from "./origin-check.ts";
import { allowedMethods, methodNotAllowed } from "./route-methods.ts";

/**
 * The request as Better Auth takes it: HEAD as GET (it routes GET only), and a body
 * already read as text.
 */
function forBetterAuth(request: Request, body: string | null): Request {
  return new Request(request, { method: request.method === "HEAD" ? "GET" : request.method, body });
}

/** An open endpoint's request: through our rules first when it has an action, else to Better Auth. */
function answer(request: Request, action: EndpointAction | null, body: string | null) {
  if (action === "sign-in" || action === "sign-up") {
    return handleCredentials(request, action, body ?? "");
  }
  if (action) return accountRequests[action](request, body ?? "");
  return auth().handler(forBetterAuth(request, body));
}

/**
 * Every /api/auth/* request (the custom server hands each one over: auth-listener.ts),
 * whatever its method: closed endpoints answer 404 (405 with `Allow` for another method on an
 * open path), posts from other sites 403, bodies over 16 KiB 413, sign-in, sign-up and
 * the account's requests go through our throttle and rules, the rest to Better Auth;
 * failures become 503. Every answer is `Cache-Control: no-store, no-transform`.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const response = await answerAuthRequest(request);
  response.headers.set("cache-control", AUTH_CACHE_CONTROL);
  return response;
}

async function answerAuthRequest(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const endpoint = matchEndpoint(request.method, path);
  if ("options" in endpoint) {
    return allowedMethods(endpoint.allow);
  }
  if (!endpoint.open) {
    return endpoint.allow
      ? methodNotAllowed(endpoint.allow)
      : authJson(404, { code: "NOT_FOUND", message: "Not found" });
  }
  if (request.method === "POST" && isFromAnotherSite(request, webConfig().webUrl)) {
    return authJson(403, { code: "INVALID_ORIGIN", message: "Invalid origin" });
  }
  try {
    const body = request.method === "POST" ? await readBodyWithin(request) : null;
    if (body === undefined) return authBodyTooLarge();
    const response = await answer(request, endpoint.action, body);
    // Our own handlers throw Better Auth's failures (caught below); a 503 of theirs is
    // meant (reset not available). Better Auth's handler hides outages in its answers.
    if (!endpoint.action && (await isHiddenOutage(request, response))) return authUnavailable();
    if (path === "/api/auth/sign-out" && response.ok) {
      logger().info({ event: "auth.sign-out" }, "sign-out");
    }
    return response;
  } catch (error) {
    if (error instanceof BodyNotUtf8Error) return authBodyNotUtf8();
    // Nothing else a client sends ends here: this is the server failing. It may be retried.
    if (!isDatabaseUnavailable(error)) {
      logger().error(
        { event: "auth.server_error", path, error: describeError(error) },
        "auth failed",
      );
    }
    return authUnavailable();
  }
}
