import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "./migrate.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

async function query(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  it("apply once, and again as a no-op, even from two places at once", async () => {
    await Promise.all([migrateDatabase(database.url), migrateDatabase(database.url)]);
    const applied = await query("select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(applied.rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it("create the tables both services use", async () => {
    const tables = await query(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      "account",
      "api_rate_limit",
      "auth_throttle",
      "jwks",
      "revoked_session",
      "session",
      "task",
      "user",
      "verification",
    ]);
  });

  it("refuse a second account whose email differs only in letter case", async () => {
    await query("insert into \"user\" (id, name, email) values ('u1', 'A', 'ada@example.test')");
    await expect(
      query("insert into \"user\" (id, name, email) values ('u2', 'B', 'Ada@Example.test')"),
    ).rejects.toThrow(/user_email_lower_idx/);
  });

  it("delete a person's tasks with the person, and guard task lengths", async () => {
    await query("insert into \"user\" (id, name, email) values ('u3', 'C', 'c@example.test')");
    await query("insert into task (user_id, title) values ('u3', 'x')");
    await expect(query("insert into task (user_id, title) values ('u3', '')")).rejects.toThrow(
      /task_title_length/,
    );
    await query("delete from \"user\" where id = 'u3'");
    const left = await query("select count(*)::int as n from task where user_id = 'u3'");
    expect(left.rows[0].n).toBe(0);
  });

  it("serve every list order from an index, without sorting", async () => {
    await query("insert into \"user\" (id, name, email) values ('u4', 'D', 'd@example.test')");
    await query(
      `insert into task (user_id, title, completed, created_at, updated_at)
       select case when n % 10 = 0 then 'u4' else 'u1' end, 'task ' || n, n % 3 = 0,
              now() - n * interval '1 minute', now() - (n % 97) * interval '1 minute'
       from generate_series(1, 5000) as n`,
    );
    await query("analyze task");
    for (const order of ["created_at", "updated_at", "title"]) {
      for (const filter of ["", "and completed = false"]) {
        const plan = await query(
          `explain select * from task where user_id = 'u4' ${filter} order by ${order} desc, id desc limit 51`,
        );
        const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
        expect(text, `${order} ${filter}`).toMatch(/Index Scan/);
        expect(text, `${order} ${filter}`).not.toMatch(/Sort/);
      }
    }
  });
});
