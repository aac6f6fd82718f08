/**
 * Sends visitors without a session cookie from signed-in pages to /signin, remembering
 * where they were going. Only the cookie's presence is checked here: every page and route
 * checks the session itself.
 */
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";

export function proxy(request: NextRequest) {
  if (getSessionCookie(request)) return NextResponse.next();
  const url = new URL("/signin", request.url);
  url.searchParams.set("next", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/dashboard/:path*"] };
