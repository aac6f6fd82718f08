import Bowser from "bowser";

/** Browser and system names Bowser knows; whatever else an agent says is not shown. */
const BROWSERS = new Set(Object.values(Bowser.BROWSER_MAP).filter((name) => name !== "Generic"));
const SYSTEMS = new Set(Object.values(Bowser.OS_MAP));

/** More than any real browser sends; the rest of a longer agent is not stored. */
export const USER_AGENT_MAX = 512;

/**
 * A session's device in words, from its user agent (SPEC R-S3): "Chrome on Linux",
 * "Safari on iOS", "Unknown browser on Windows"; "Unknown browser" when Bowser recognises
 * nothing. Only names from Bowser's own lists are shown, never text the agent made up (a
 * sentence, a 6 KB string, control or bidi characters): the result is always one of a
 * few hundred short names.
 */
export function deviceName(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown browser";
  const { browser, os } = Bowser.parse(userAgent);
  const name = browser.name && BROWSERS.has(browser.name) ? browser.name : "Unknown browser";
  return os.name && SYSTEMS.has(os.name) ? `${name} on ${os.name}` : name;
}

/**
 * The user agent as a session stores it: printable ASCII only (RFC 9110 §10.1.5 gives
 * agents no other characters to use), at most USER_AGENT_MAX characters; null when nothing
 * is left.
 */
export function storedUserAgent(userAgent: string | null | undefined): string | null {
  const printable = (userAgent ?? "").replace(/[^\x20-\x7e]+/g, " ").trim();
  return printable ? printable.slice(0, USER_AGENT_MAX) : null;
}
