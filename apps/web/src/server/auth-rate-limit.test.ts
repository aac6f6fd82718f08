/**
 * Better Auth's per-client limit on its `rate_limit` table (R-A9; auth-rate-limit.ts): one
 * statement a request, exact under concurrency on every instance, and a rolling window that
 * starts again after a pause as long as the window.
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { authRateLimitStorage } from "./auth-rate-limit.ts";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness({ AUTH_RATE_LIMIT_MAX: "10", AUTH_RATE_LIMIT_WINDOW: "60" });
});
afterAll(() => auth?.close());

/** The statements on `rate_limit` this process sends while `run` runs. */
async function rateLimitStatements(run: () => Promise<unknown>): Promise<string[]> {
  const query = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    return query.mock.calls
      .map(([config]) => (typeof config === "string" ? config : (config as { text: string }).text))
      .filter((text) => text.includes('"rate_limit"') || text.includes("rate_limit "));
  } finally {
    query.mockRestore();
  }
}

const storage = authRateLimitStorage();

describe("the per-client limit", () => {
  it("counts a request to a limited endpoint in one statement, the first and every next one", async () => {
    const body = { email: "nobody@example.com", password: "guessing-123" };
    for (let i = 0; i < 3; i++) {
      const statements = await rateLimitStatements(() =>
        auth.call("/sign-in/email", { ip: "198.51.100.70", body }),
      );
      expect(statements).toHaveLength(1);
    }
  });

  it("lets exactly `max` of many requests at once through, and refuses the rest with Retry-After", async () => {
    const rule = { window: 60, max: 10 };
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => storage.consume("at-once|/sign-in/email", rule)),
    );
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(10);
    for (const refused of answers.filter((answer) => !answer.allowed)) {
      expect(refused.retryAfter).toBeGreaterThanOrEqual(59);
      expect(refused.retryAfter).toBeLessThanOrEqual(60);
    }
    const { rows } = await auth.db.execute<{ count: number }>(
      sql`select count from rate_limit where key = 'at-once|/sign-in/email'`,
    );
    expect(rows).toEqual([{ count: 10 }]);
  });

  it("starts again at one once a whole window has passed since the last request let through", async () => {
    const rule = { window: 1, max: 2 };
    const key = "window|/two-factor/verify-totp";
    expect((await storage.consume(key, rule)).allowed).toBe(true);
    expect((await storage.consume(key, rule)).allowed).toBe(true);
    expect(await storage.consume(key, rule)).toEqual({ allowed: false, retryAfter: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect(await storage.consume(key, rule)).toEqual({ allowed: true, retryAfter: null });
    const { rows } = await auth.db.execute<{ count: number }>(
      sql`select count from rate_limit where key = ${key}`,
    );
    expect(rows).toEqual([{ count: 1 }]);
  });
});
