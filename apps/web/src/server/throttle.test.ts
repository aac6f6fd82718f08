import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness({ AUTH_RATE_LIMIT_MAX: "10", AUTH_RATE_LIMIT_WINDOW: "60" });
});
afterAll(() => auth?.close());

const attempt = (ip: string, path = "/sign-in/email") =>
  auth.call(path, { ip, body: { email: "someone@example.com", password: "guessing-123" } });

describe("sign-in and sign-up throttling", () => {
  it("answers 429 with Retry-After after 10 attempts a minute, before any hashing", async () => {
    const durations: number[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await attempt("198.51.100.1");
      expect(response.status).toBe(401);
      durations.push(response.ms);
    }
    const refused = await attempt("198.51.100.1");
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json.message).toMatch(/Too many attempts/);
    // Each refused sign-in ran a bcrypt operation; the throttled one does not get that far.
    const typical = durations.sort((a, b) => a - b)[5] as number;
    expect(refused.ms).toBeLessThan(typical / 2);
  });

  it("counts each client and each action apart", async () => {
    expect((await attempt("198.51.100.2")).status).toBe(401);
    expect((await attempt("198.51.100.1", "/sign-up/email")).status).not.toBe(429);
  });

  it("keeps its counts in the database, where every instance sees them", async () => {
    const rows = await auth.db.execute(
      sql`select key, count from auth_throttle where key = 'sign-in:198.51.100.1'`,
    );
    expect(rows.rows).toEqual([{ key: "sign-in:198.51.100.1", count: 11 }]);
  });

  it("throttles the account's password checks per client, each apart", async () => {
    const cookie = (
      await auth.call("/sign-up/email", {
        ip: "198.51.100.9",
        body: { email: "throttled@example.com", password: "guessing-123" },
      })
    ).cookie;
    for (const [path, body] of [
      ["/change-password", { currentPassword: "wrong-guess", newPassword: "new-password-1" }],
      ["/delete-user", { password: "wrong-guess" }],
    ] as const) {
      for (let i = 0; i < 10; i++) {
        const response = await auth.call(path, { ip: "198.51.100.4", cookie, body });
        expect(response.status, path).toBe(400);
      }
      const refused = await auth.call(path, { ip: "198.51.100.4", cookie, body });
      expect(refused.status, path).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it("counts every one of many concurrent attempts", async () => {
    const results = await Promise.all(Array.from({ length: 15 }, () => attempt("198.51.100.3")));
    expect(results.filter((r) => r.status === 429)).toHaveLength(5);
  });
});
