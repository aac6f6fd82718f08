/**
 * Throttling behind trusted proxies (TRUSTED_PROXIES, Better Auth's `trustedProxies`;
 * decision 031): the client is the first address left of the proxies in the chain
 * server.ts hands on, whatever the client wrote further left.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";

const guess = { email: "someone@example.com", password: "guessing-123" };

describe("sign-in throttling behind trusted proxies", () => {
  let proxied: AuthHarness;
  beforeAll(async () => {
    proxied = await startAuthHarness({
      AUTH_RATE_LIMIT_MAX: "3",
      TRUSTED_PROXIES: "10.0.0.0/8",
    });
  });
  afterAll(() => proxied?.close());

  const through = (forwardedFor: string) =>
    proxied.call("/sign-in/email", { ip: forwardedFor, body: guess });

  it("keys on the first address left of the trusted proxies, whatever the client wrote", async () => {
    // As server.ts hands it on: what the client wrote, what the proxy appended, the proxy.
    const statuses = [];
    for (const forged of ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]) {
      statuses.push((await through(`${forged}, 203.0.113.50, 10.0.0.2`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await through("203.0.113.51, 10.0.0.2")).status).toBe(401);
  });

  it("knows a client that reaches web directly by its own address", async () => {
    // Not through a proxy: server.ts appended the client's socket address to what it forged.
    const statuses = [];
    for (const forged of ["203.0.113.60", "203.0.113.61", "203.0.113.62", "203.0.113.63"]) {
      statuses.push((await through(`${forged}, 192.0.2.99`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
