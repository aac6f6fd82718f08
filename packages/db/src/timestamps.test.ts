import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./testing/index.ts";
import { isoTimestamp } from "./timestamps.ts";

describe("isoTimestamp", () => {
  it("writes UTC text as toISOString does, whatever the fraction", () => {
    expect(isoTimestamp("2026-11-24 05:51:39.123+00")).toBe("2026-11-24T05:51:39.123Z");
    expect(isoTimestamp("2026-11-24 05:51:39.12+00")).toBe("2026-11-24T05:51:39.120Z");
    expect(isoTimestamp("2026-11-24 05:51:39.1+00")).toBe("2026-11-24T05:51:39.100Z");
    expect(isoTimestamp("2026-11-24 05:51:39+00")).toBe("2026-11-24T05:51:39.000Z");
    expect(isoTimestamp("2026-11-24 05:51:39.123456+00")).toBe("2026-11-24T05:51:39.123Z");
  });

  it("converts other offsets to UTC", () => {
    expect(isoTimestamp("2026-11-24 11:21:39.5+05:30")).toBe("2026-11-24T05:51:39.500Z");
    expect(isoTimestamp("2026-11-23 21:51:39-08")).toBe("2026-11-24T05:51:39.000Z");
  });
});

describe("isoTimestamp on what PostgreSQL writes", () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it("agrees with Date in any session time zone", async () => {
    const instants = fc.sample(
      fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }),
      200,
    );
    for (const zone of ["UTC", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Chatham"]) {
      await client.query(`set time zone '${zone}'`);
      const { rows } = await client.query<{ text: string }>(
        `select (to_timestamp(ms / 1000.0))::timestamptz(3)::text as text
         from unnest($1::bigint[]) as ms`,
        [instants],
      );
      rows.forEach(({ text }, i) => {
        expect(isoTimestamp(text), `${zone}: ${text}`).toBe(
          new Date(instants[i] as number).toISOString(),
        );
      });
    }
    await client.query("set time zone 'UTC'");
  });
});
