import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit.ts";
import { type Harness, startHarness } from "./testing/harness.ts";

let database: TestDatabase;
let first: Harness;
let second: Harness;
const rateLimit = { max: 10, windowMs: 60_000, syncMs: 10 };

beforeAll(async () => {
  database = await createTestDatabase();
  // Two API instances on one database, each with its own limiter.
  first = await startHarness({ databaseUrl: database.url, rateLimit });
  second = await startHarness({ databaseUrl: database.url, rateLimit });
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await database?.drop();
});

describe("the per-person request limit", () => {
  it("answers 429 with Retry-After once a person's requests reach the limit", async () => {
    const user = await first.createUser();
    for (let i = 0; i < 10; i++) {
      const response = await first.call("GET", user.tasks, { token: user.token });
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-remaining")).toBe(String(9 - i));
    }
    const refused = await first.call("GET", user.tasks, { token: user.token });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.json).toMatchObject({ status: 429, title: "Too many requests" });

    const other = await first.createUser();
    expect((await first.call("GET", other.tasks, { token: other.token })).status).toBe(200);
  });

  it("holds across instances: their counts add up in the database", async () => {
    const user = await first.createUser();
    const token = await second.issuer.sign(user.id);
    for (let i = 0; i < 6; i++)
      expect((await first.call("GET", user.tasks, { token: user.token })).status).toBe(200);
    await first.rateLimiter.flush();

    let allowedOnSecond = 0;
    for (let i = 0; i < 10; i++) {
      const response = await second.call("GET", user.tasks, { token });
      if (response.status === 200) allowedOnSecond++;
      else expect(response.status).toBe(429);
      await second.rateLimiter.flush();
    }
    expect(allowedOnSecond).toBe(4);
    // And the first instance now refuses too, once it has heard the total.
    await first.call("GET", user.tasks, { token: user.token });
    await first.rateLimiter.flush();
    expect((await first.call("GET", user.tasks, { token: user.token })).status).toBe(429);
  });

  it("counts nothing for requests refused before it (no token, another person's path)", async () => {
    const user = await first.createUser();
    const stranger = await first.createUser();
    for (let i = 0; i < 20; i++) {
      expect((await first.call("GET", user.tasks)).status).toBe(401);
      expect((await first.call("GET", user.tasks, { token: stranger.token })).status).toBe(403);
    }
    expect((await first.call("GET", user.tasks, { token: user.token })).status).toBe(200);
  });

  it("does not charge a window's count to the next one when a sync spans the boundary", async () => {
    const limiter = createRateLimiter(first.db, { max: 10, windowMs: 60_000, syncMs: 60_000 });
    const windowStart = Date.now() - (Date.now() % 60_000);
    for (let i = 0; i < 9; i++) limiter.hit("boundary-user", windowStart + 1);
    const flushing = limiter.flush();
    await Promise.resolve(); // the sync has taken its batch and is waiting for the database
    await Promise.resolve();
    limiter.hit("boundary-user", windowStart + 60_001); // the next window begins meanwhile
    await flushing;
    const decision = limiter.hit("boundary-user", windowStart + 60_002);
    expect(decision).toMatchObject({ allowed: true, remaining: 8 });
  });
});
