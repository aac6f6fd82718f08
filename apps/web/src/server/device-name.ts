import Bowser from "bowser";

/**
 * A session's device in words, from its user agent (SPEC R-S3): "Chrome on Linux",
 * "Safari on iOS", "Firefox on Windows"; "Unknown browser" when the agent says nothing
 * recognisable (Bowser, a well-kept parser, reads it).
 */
export function deviceName(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown browser";
  const { browser, os } = Bowser.parse(userAgent);
  const name = browser.name || "Unknown browser";
  return os.name ? `${name} on ${os.name}` : name;
}
