import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit.ts";
import { awayFromWindowEnd, type Harness, startHarness } from "./testing/harness.ts";

let database: TestDatabase;
let first: Harness;
let second: Harness;
// Hour-long windows, and no test begins near a window's end: counts never straddle two.
const HOUR = 3_600_000;
const rateLimit = { max: 10, windowMs: HOUR, syncMs: 10 };

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

beforeEach(() => awayFromWindowEnd(HOUR));

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
    const { id } = await first.createUser();
    const windowStart = Date.now() - (Date.now() % 60_000);
    for (let i = 0; i < 9; i++) limiter.hit(id, windowStart + 1);
    const flushing = limiter.flush();
    await Promise.resolve(); // the sync has taken its batch and is waiting for the database
    await Promise.resolve();
    limiter.hit(id, windowStart + 60_001); // the next window begins meanwhile
    await flushing;
    const decision = limiter.hit(id, windowStart + 60_002);
    expect(decision).toMatchObject({ allowed: true, remaining: 8 });
  });

  it("never writes a deleted person's counter back, and keeps everyone else's counts", async () => {
    const limiter = createRateLimiter(first.db, { max: 100, windowMs: HOUR, syncMs: 60_000 });
    const [leaving, staying] = [await first.createUser(), await first.createUser()];
    const counter = async (userId: string) =>
      (await first.pool.query("select count from api_rate_limit where user_id = $1", [userId]))
        .rows[0]?.count as number | undefined;
    limiter.hit(leaving.id);
    limiter.hit(staying.id);
    await limiter.flush();
    expect([await counter(leaving.id), await counter(staying.id)]).toEqual([1, 1]);

    // The account's deletion, as web runs it, holds its transaction open while a sync
    // with the person's new requests arrives; it commits while the sync waits on it.
    const deletion = new pg.Client({ connectionString: database.url });
    await deletion.connect();
    try {
      await deletion.query("begin");
      await deletion.query("delete from api_rate_limit where user_id = $1", [leaving.id]);
      await deletion.query('delete from "user" where id = $1', [leaving.id]);
      limiter.hit(leaving.id);
      limiter.hit(staying.id);
      const flushing = limiter.flush();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await deletion.query("commit");
      await flushing;
    } finally {
      await deletion.end();
    }
    expect(await counter(leaving.id)).toBeUndefined();
    expect(await counter(staying.id)).toBe(2);

    // And a sync after the deletion writes nothing for the person either.
    limiter.hit(leaving.id);
    await limiter.flush();
    expect(await counter(leaving.id)).toBeUndefined();
  });
});
