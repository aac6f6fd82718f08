import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, createPool } from "./client.ts";
import { deleteEndedRateLimitWindows } from "./rate-limits.ts";
import { createTestDatabase, type TestDatabase } from "./testing/index.ts";

let database: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 1 });
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const counters = async () =>
  (await pool.query("select user_id from api_rate_limit order by user_id")).rows.map(
    (row) => row.user_id,
  );

describe("the API's request counters", () => {
  it("go with their person, and can never name someone who does not exist", async () => {
    await pool.query(`insert into "user" (id, name, email) values ('r1', 'R', 'r1@example.test')`);
    await pool.query(`insert into api_rate_limit values ('r1', now(), 1)`);
    await pool.query(`delete from "user" where id = 'r1'`);
    expect(await counters()).toEqual([]);
    await expect(
      pool.query(`insert into api_rate_limit values ('ghost', now(), 1)`),
    ).rejects.toThrow(/api_rate_limit_user_id_user_id_fk/);
  });

  it("are removed by housekeeping once their window has ended, in batches", async () => {
    for (const id of ["a", "b", "c", "d"]) {
      await pool.query(`insert into "user" (id, name, email) values ($1, $1, $1 || '@x.test')`, [
        id,
      ]);
    }
    await pool.query(`insert into api_rate_limit values
      ('a', now() - interval '2 hours', 5), ('b', now() - interval '61 minutes', 5),
      ('c', now() - interval '59 minutes', 5), ('d', now(), 5)`);
    const db = createDatabase(pool);
    expect(await deleteEndedRateLimitWindows(db, { batchSize: 1 })).toBe(1);
    expect(await deleteEndedRateLimitWindows(db)).toBe(1);
    expect(await deleteEndedRateLimitWindows(db)).toBe(0);
    expect(await counters()).toEqual(["c", "d"]);
  });
});
