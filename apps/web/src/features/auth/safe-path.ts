/** Where to go after signing in (SPEC R-P3, OWASP ASVS 3.7.2): only a path on this site. */
export const DEFAULT_AFTER_SIGN_IN = "/dashboard";

const SITE = "http://site.invalid";

/** Pages that would send a signed-in person straight back here. */
const SIGN_IN_PAGES = new Set(["/signin", "/signup"]);

/** A same-site return path for `next`, or `/dashboard`; judged as a browser resolves it. */
export function safeReturnPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || /[\p{Cc}\\]/u.test(next))
    return DEFAULT_AFTER_SIGN_IN;
  let resolved: URL;
  try {
    resolved = new URL(next, SITE);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  return resolved.origin === SITE &&
    isSameSitePath(path) &&
    !SIGN_IN_PAGES.has(resolved.pathname.replace(/\/+$/, ""))
    ? path
    : DEFAULT_AFTER_SIGN_IN;
}

/** Whether `path`, as a Location, stays on this site and names the same place again. */
function isSameSitePath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || /[\p{Cc} \\]/u.test(path)) {
    return false;
  }
  const again = new URL(path, SITE);
  return again.origin === SITE && `${again.pathname}${again.search}${again.hash}` === path;
}
