import "server-only";

/**
 * Whether a browser sent `request` from another site (SPEC §6: every account endpoint
 * refuses other sites). Better Auth checks the Origin of requests that carry cookies, and
 * of sign-in and sign-up by Fetch Metadata, but lets a request without cookies through
 * (the forgotten-password requests have none). Here a request from another site is
 * refused whatever it carries: an Origin other than web's own (`null` included), or
 * `Sec-Fetch-Site: cross-site`. Clients that are not browsers send neither, and are
 * judged by Better Auth's check as before.
 */
export function isFromAnotherSite(request: Request, webOrigin: string): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== webOrigin) return true;
  return request.headers.get("sec-fetch-site") === "cross-site";
}
