import { describe, expect, it } from "vitest";
import { deviceName, storedUserAgent, USER_AGENT_MAX } from "./device-name.ts";

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

describe("deviceName", () => {
  it.each([
    [CHROME_LINUX, "Chrome on Linux"],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
      "Safari on iOS",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
      "Firefox on Windows",
    ],
    ["curl/8.5.0", "Unknown browser"],
    ["", "Unknown browser"],
    [null, "Unknown browser"],
  ])("names %s as %s", (userAgent, expected) => {
    expect(deviceName(userAgent)).toBe(expected);
  });

  it.each([
    ["a sentence", "Tasks verified this sign-in - nothing to do/1 (x", "Unknown browser"],
    [
      "a sentence with a system",
      "Your account is safe/1 (X11; Linux x86_64)",
      "Unknown browser on Linux",
    ],
    ["6 KB", `${"A".repeat(6_000)}/1 (Windows NT 10.0)`, "Unknown browser on Windows"],
    ["control characters", "Evil\u0007Browser/1\r\n(x)", "Unknown browser"],
    [
      "bidi overrides as they arrive (UTF-8 read as Latin-1)",
      "\u00e2\u0080\u00aeemorhC/1",
      "Unknown browser",
    ],
    // Bowser finds the names it knows; the overrides around them never reach the page.
    ["bidi overrides as text", "\u202eChrome/131\u202c (Linux)", "Chrome on Linux"],
  ])("shows only names the parser knows for %s", (_kind, userAgent, expected) => {
    const name = deviceName(userAgent);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(40);
    expect(name).toMatch(/^[A-Za-z0-9 .-]+$/);
  });
});

describe("storedUserAgent", () => {
  it("keeps a real agent as it is", () => {
    expect(storedUserAgent(CHROME_LINUX)).toBe(CHROME_LINUX);
  });

  it("bounds what is stored: printable ASCII, at most USER_AGENT_MAX characters", () => {
    expect(storedUserAgent("x".repeat(6_000))).toHaveLength(USER_AGENT_MAX);
    expect(storedUserAgent("Evil\u0007Browser/1\r\n\u202e(x)\u00e2\u0080\u00ae")).toBe(
      "Evil Browser/1 (x)",
    );
    expect(storedUserAgent("\u0000\u202e")).toBeNull();
    expect(storedUserAgent(undefined)).toBeNull();
  });
});
