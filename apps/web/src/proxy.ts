/**
 * Before every page: a CSP with a fresh nonce; signed-in pages without a session cookie go to
 * /signin (SPEC R-P3). Only the cookie's presence: every page checks the session itself.
 */
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { webConfig } from "./env";

const SIGNED_IN_ONLY = /^\/(dashboard|account)(\/|$)/;

/** The page's policy (decision 011): scripts by nonce only, calls to this site and the API. */
export function contentSecurityPolicy(nonce: string, apiUrl: string, production: boolean): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets Next.js's nonced loader bring in its own chunks; dev tooling evaluates code.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${apiUrl}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (SIGNED_IN_ONLY.test(pathname) && !getSessionCookie(request)) {
    const url = new URL("/signin", request.url);
    url.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }

  const config = webConfig();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, config.apiUrl, config.production);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: an API route, static file or icon needs no policy, nonce or session check.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon\\.ico|icon\\.svg).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
