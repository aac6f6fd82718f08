import { describe, expect, it } from "vitest";
import { forwardedFor } from "./client-address.ts";

const direct = { proxies: false, hops: 0 };
const listed = { proxies: true, hops: 0 };

describe("forwardedFor", () => {
  it("is the socket's address alone when no proxy is trusted", () => {
    expect(forwardedFor("6.6.6.6", "10.0.0.5", direct)).toBe("10.0.0.5");
    expect(forwardedFor(["6.6.6.6", "7.7.7.7"], "10.0.0.5", direct)).toBe("10.0.0.5");
    expect(forwardedFor(undefined, "10.0.0.5", direct)).toBe("10.0.0.5");
  });

  it("appends the socket's address to the chain behind trusted proxies", () => {
    expect(forwardedFor("6.6.6.6, 203.0.113.9", "10.0.0.2", listed)).toBe(
      "6.6.6.6, 203.0.113.9, 10.0.0.2",
    );
    expect(forwardedFor(["203.0.113.9", "10.0.0.7"], "10.0.0.2", listed)).toBe(
      "203.0.113.9, 10.0.0.7, 10.0.0.2",
    );
    expect(forwardedFor(undefined, "198.51.100.4", listed)).toBe("198.51.100.4");
  });

  it("behind N hops, is the entry N places from the right, never one the client wrote", () => {
    const oneHop = { proxies: false, hops: 1 };
    // The proxy (10.0.0.2) appended the client it saw; the client's own entries are ignored.
    expect(forwardedFor("6.6.6.6, 203.0.113.9", "10.0.0.2", oneHop)).toBe("203.0.113.9");
    expect(forwardedFor(["1.1.1.1", "203.0.113.9"], "10.0.0.2", oneHop)).toBe("203.0.113.9");
    expect(
      forwardedFor("7.7.7.7, 6.6.6.6, 203.0.113.9, 10.0.0.9", "10.0.0.2", {
        proxies: false,
        hops: 2,
      }),
    ).toBe("203.0.113.9");
    // A chain shorter than the hops: its leftmost entry, the best the proxies vouch for.
    expect(forwardedFor(undefined, "10.0.0.2", oneHop)).toBe("10.0.0.2");
  });
});
