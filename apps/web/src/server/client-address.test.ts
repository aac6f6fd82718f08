import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address.ts";

describe("clientAddress", () => {
  it("ignores X-Forwarded-For unless proxies are trusted", () => {
    expect(clientAddress("6.6.6.6", "10.0.0.5", 0)).toBe("10.0.0.5");
    expect(clientAddress(undefined, "10.0.0.5", 0)).toBe("10.0.0.5");
  });

  it("takes the address the trusted proxy saw, not what the client wrote", () => {
    // client 203.0.113.9 sent a forged header; the load balancer appended the real address.
    expect(clientAddress("6.6.6.6, 203.0.113.9", "10.0.0.2", 1)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9, 10.0.0.7", "10.0.0.2", 2)).toBe("203.0.113.9");
  });

  it("falls back to the leftmost entry it can reach when the chain is short", () => {
    expect(clientAddress(undefined, "198.51.100.4", 1)).toBe("198.51.100.4");
    expect(clientAddress("", "198.51.100.4", 2)).toBe("198.51.100.4");
  });
});
