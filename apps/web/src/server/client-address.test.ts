import { describe, expect, it } from "vitest";
import { forwardedFor } from "./client-address.ts";

describe("forwardedFor", () => {
  it("is the socket's address alone when no proxy is trusted", () => {
    expect(forwardedFor("6.6.6.6", "10.0.0.5", false)).toBe("10.0.0.5");
    expect(forwardedFor(["6.6.6.6", "7.7.7.7"], "10.0.0.5", false)).toBe("10.0.0.5");
    expect(forwardedFor(undefined, "10.0.0.5", false)).toBe("10.0.0.5");
  });

  it("appends the socket's address to the chain behind trusted proxies", () => {
    expect(forwardedFor("6.6.6.6, 203.0.113.9", "10.0.0.2", true)).toBe(
      "6.6.6.6, 203.0.113.9, 10.0.0.2",
    );
    expect(forwardedFor(["203.0.113.9", "10.0.0.7"], "10.0.0.2", true)).toBe(
      "203.0.113.9, 10.0.0.7, 10.0.0.2",
    );
    expect(forwardedFor(undefined, "198.51.100.4", true)).toBe("198.51.100.4");
  });
});
