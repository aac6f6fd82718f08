import { describe, expect, it } from "vitest";
import { clientAddress, throttleKey } from "./client-address.ts";

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

describe("throttleKey", () => {
  it("keeps IPv4 addresses, and unwraps IPv4-mapped IPv6", () => {
    expect(throttleKey("203.0.113.9")).toBe("203.0.113.9");
    expect(throttleKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("puts every address of one IPv6 /64 in one bucket", () => {
    const key = throttleKey("2001:db8:1:2:aaaa::1");
    expect(key).toBe("2001:db8:1:2::/64");
    expect(throttleKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe(key);
    expect(throttleKey("2001:db8:1:3::1")).not.toBe(key);
    expect(throttleKey("::1")).toBe("0:0:0:0::/64");
  });
});
