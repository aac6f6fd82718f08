import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "./migrate.ts";
import { createTestDatabase, type TestDatabase } from "./testing/index.ts";

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
      "idempotency_key",
      "jwks",
      "passkey",
      "rate_limit",
      "revoked_session",
      "security_event",
      "session",
      "tag",
      "task",
      "task_tag",
      "trusted_device",
      "two_factor",
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

  it("guard due dates, tag counts and tag names, and attach only the owner's tags", async () => {
    await query("insert into \"user\" (id, name, email) values ('p1', 'P', 'p1@example.test')");
    await query("insert into \"user\" (id, name, email) values ('p2', 'Q', 'p2@example.test')");
    const refused: [string, RegExp][] = [
      [
        "insert into task (user_id, title, due_date) values ('p1', 'x', '10000-01-01')",
        /task_due_date_range/,
      ],
      [
        `insert into task (user_id, title, tags) values ('p1', 'x', array_fill('t'::text, array[11]))`,
        /task_tags_count/,
      ],
      ["insert into task (user_id, title, priority) values ('p1', 'x', 'urgent')", /task_priority/],
      ["insert into tag (user_id, name) values ('p1', 'a;b')", /tag_name_rules/],
      [`insert into tag (user_id, name) values ('p1', '${"t".repeat(33)}')`, /tag_name_rules/],
    ];
    for (const [sql, error] of refused) await expect(query(sql), sql).rejects.toThrow(error);
    await query("insert into tag (user_id, name, key) values ('p1', 'Work', 'work')");
    await expect(
      query("insert into tag (user_id, name, key) values ('p1', 'WORK', 'work')"),
    ).rejects.toThrow(/tag_user_key_idx/);
    await query("insert into tag (user_id, name, key) values ('p2', 'work', 'work')");
    const task = await query("insert into task (user_id, title) values ('p2', 'x') returning id");
    const foreignTag = await query("select id from tag where user_id = 'p1'");
    await expect(
      query("insert into task_tag (task_id, tag_id, user_id) values ($1, $2, 'p2')", [
        task.rows[0].id,
        foreignTag.rows[0].id,
      ]),
    ).rejects.toThrow(/task_tag_tag_id_user_id_tag_id_user_id_fk/);
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
