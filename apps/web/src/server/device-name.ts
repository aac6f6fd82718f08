import Bowser from "bowser";

/** Browser and system names Bowser knows; whatever else an agent says is not shown. */
const BROWSERS = new Set(Object.values(Bowser.BROWSER_MAP).filter((name) => name !== "Generic"));
const SYSTEMS = new Set(Object.values(Bowser.OS_MAP));

export const USER_AGENT_MAX = 512;

/** A session's device in words (SPEC R-S3), only from Bowser's names, else "Unknown browser". */
export function deviceName(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown browser";
  const { browser, os } = Bowser.parse(userAgent);
  const name = browser.name && BROWSERS.has(browser.name) ? browser.name : "Unknown browser";
  return os.name && SYSTEMS.has(os.name) ? `${name} on ${os.name}` : name;
}

/** The agent as stored: printable ASCII only (RFC 9110 §10.1.5), bounded; null when empty. */
export function storedUserAgent(userAgent: string | null | undefined): string | null {
  const printable = (userAgent ?? "").replace(/[^\x20-\x7e]+/g, " ").trim();
  return printable ? printable.slice(0, USER_AGENT_MAX) : null;
}
