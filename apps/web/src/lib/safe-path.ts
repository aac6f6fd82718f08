/**
 * Where to go after signing in: only a path on this site. Anything else (another origin,
 * a protocol-relative `//host`, backslash tricks, control characters) falls back to the
 * dashboard, so `?next=` can never send a person to another site.
 */
export const DEFAULT_AFTER_SIGN_IN = "/dashboard";

export function safeReturnPath(next: string | null | undefined): string {
  const hasControlOrBackslash = [...(next ?? "")].some((ch) => ch < " " || ch === "\\");
  if (!next?.startsWith("/") || next.startsWith("//") || hasControlOrBackslash) {
    return DEFAULT_AFTER_SIGN_IN;
  }
  const base = "http://internal.invalid";
  const url = new URL(next, base);
  if (url.origin !== base) return DEFAULT_AFTER_SIGN_IN;
  if (url.pathname === "/signin" || url.pathname === "/signup") return DEFAULT_AFTER_SIGN_IN;
  return `${url.pathname}${url.search}${url.hash}`;
}
