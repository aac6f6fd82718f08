/**
 * Throttling (SPEC R-A9, R-O8; decision 031): Better Auth's rate limiter, on the database,
 * for every endpoint that checks a password or a code; keyed by the address server.ts
 * writes in X-Forwarded-For and nothing else a client sends; shared by every web instance;
 * session reads neither limited nor counted.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";
import { watchBcrypt } from "./testing/bcrypt-work.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness({ AUTH_RATE_LIMIT_MAX: "10", AUTH_RATE_LIMIT_WINDOW: "60" });
});
afterAll(() => auth?.close());

const guess = { email: "someone@example.com", password: "guessing-123" };
const attempt = (ip: string, path = "/sign-in/email", headers: Record<string, string> = {}) =>
  auth.call(path, { ip, body: guess, headers });

async function rows(pattern: string) {
  const result = await auth.db.execute<{ key: string; count: number }>(
    sql`select key, count from rate_limit where key like ${pattern} order by key`,
  );
  return result.rows;
}

describe("sign-in and sign-up throttling", () => {
  it("answers 429 with Retry-After after 10 attempts a minute, before any hashing", async () => {
    const allowed = watchBcrypt();
    for (let i = 0; i < 10; i++) {
      expect((await attempt("198.51.100.1")).status).toBe(401);
    }
    // Each refused sign-in ran a bcrypt operation (the unknown email's equalising hash)...
    expect(allowed.costs()).toHaveLength(10);
    allowed.stop();
    const throttled = watchBcrypt();
    const refused = await attempt("198.51.100.1");
    // ...the throttled one does not get that far.
    expect(throttled.costs()).toEqual([]);
    throttled.stop();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get("x-retry-after")).toBe(String(retryAfter));
    expect(refused.json).toEqual({
      code: "TOO_MANY_REQUESTS",
      message: `Too many attempts. Try again in ${retryAfter} seconds.`,
    });
  });

  it("neither counts nor stores requests for paths or methods Better Auth does not serve", async () => {
    const ip = "198.51.100.9";
    for (let i = 0; i < 12; i++) {
      expect((await auth.call(`/no-such-path-${i}`, { ip, body: {} })).status).toBe(404);
      expect((await auth.call("/sign-in/email", { ip, method: "PUT" })).status).toBe(405);
    }
    expect(await rows(`${ip}|%`)).toEqual([]);
    expect((await attempt(ip)).status).toBe(401);
  });

  it("counts each client and each endpoint apart", async () => {
    expect((await attempt("198.51.100.2")).status).toBe(401);
    const signUp = await auth.call("/sign-up/email", {
      ip: "198.51.100.1",
      body: { email: "apart@example.com", password: "guessing-123" },
    });
    expect(signUp.status).toBe(200);
  });

  it("keeps its counts in the database, where every instance sees them", async () => {
    expect(await rows("198.51.100.1|/sign-in/email")).toEqual([
      { key: "198.51.100.1|/sign-in/email", count: 10 },
    ]);
    // Another web instance on the same database refuses the same client at once.
    const other = auth.startInstance();
    const refused = await other.call("/sign-in/email", { ip: "198.51.100.1", body: guess });
    expect(refused.status).toBe(429);
  });

  it("counts attempts on two instances together", async () => {
    const other = auth.startInstance();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const call = i % 2 ? other.call : auth.call;
      statuses.push((await call("/sign-in/email", { ip: "198.51.100.5", body: guess })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  });

  it("picks the bucket by X-Forwarded-For alone: X-Real-IP and Forwarded change nothing", async () => {
    for (let i = 0; i < 10; i++) {
      const spoofed = { "x-real-ip": `10.0.0.${i}`, forwarded: `for=192.0.2.${i}` };
      expect((await attempt("198.51.100.6", "/sign-in/email", spoofed)).status).toBe(401);
    }
    const refused = await attempt("198.51.100.6", "/sign-in/email", {
      "x-real-ip": "10.9.9.9",
      forwarded: "for=192.0.2.200;proto=https",
      "cf-connecting-ip": "192.0.2.201",
      "true-client-ip": "192.0.2.202",
    });
    expect(refused.status).toBe(429);
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
      ["/reset-password", { token: "not-a-link", newPassword: "new-password-1" }],
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

describe("session reads", () => {
  it("are neither limited nor counted", async () => {
    const { cookie } = await auth.call("/sign-up/email", {
      ip: "198.51.100.30",
      body: { email: "reader@example.com", password: "correct horse battery" },
    });
    for (let i = 0; i < 120; i++) {
      for (const path of ["/get-session", "/token", "/list-sessions", "/jwks"]) {
        const response = await auth.call(path, { ip: "198.51.100.31", cookie });
        expect(response.status, path).toBe(200);
      }
    }
    expect(await rows("198.51.100.31|%")).toEqual([]);
  });
});

describe("password reset requests for one email", () => {
  it("are limited per address, from whichever client they come (our rule)", async () => {
    const ask = (email: string, ip: string) =>
      auth.call("/request-password-reset", { ip, body: { email } });
    const statuses = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await ask("Target@Example.com ", `198.51.100.${100 + i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    // The same address however it is written; another address is counted apart.
    const refused = await ask("target@example.com", "198.51.100.200");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.json.message).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
    expect((await ask("someone-else@example.com", "198.51.100.201")).status).toBe(200);
    await auth.settle();
  });
});
