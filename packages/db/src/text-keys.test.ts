/**
 * An upgrade across migration 0007 (SPEC R-A11): rows written by the earlier schema, where
 * tags were compared with lower(), come out folded, in NFC, with tags that now fold alike
 * merged and every task's copy of its tag names in step with task_tag.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { foldText } from "@tasks/contracts";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "./migrate.ts";
import { createTestDatabase, type TestDatabase } from "./testing/index.ts";

const migrations = fileURLToPath(new URL("../migrations", import.meta.url));
let database: TestDatabase;
let client: pg.Client;

/** Applies the committed migrations before `tag` only, as a database of that release has. */
async function migrateUpTo(tag: string) {
  const folder = mkdtempSync(path.join(tmpdir(), "migrations-"));
  try {
    cpSync(migrations, folder, { recursive: true });
    const journalPath = path.join(folder, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8"));
    const index = journal.entries.findIndex((entry: { tag: string }) => entry.tag === tag);
    journal.entries = journal.entries.slice(0, index);
    writeFileSync(journalPath, JSON.stringify(journal));
    await migrate(drizzle({ client }), { migrationsFolder: folder });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const query = (text: string, values: unknown[] = []) => client.query(text, values);

beforeAll(async () => {
  database = await createTestDatabase({ migrated: false });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await migrateUpTo("0007_text_keys");
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

const cafeDecomposed = "Cafe\u0301";
const cafeComposed = "Café";
const longAfterNfc = "\u0958".repeat(200); // NFC turns each into two code points

describe("the upgrade to folded text (migration 0007 and its step)", () => {
  it("folds every row, merges tags that fold alike, and keeps the first spelling", async () => {
    await query(`insert into "user" (id, name, email) values ('u1', 'A', 'a@example.test'),
      ('u2', 'B', 'b@example.test')`);
    // Distinct under lower(), one tag under folding and NFC.
    const tags = ["ΟΔΟΣ", "οδος", cafeDecomposed, cafeComposed, "Straße", "STRASSE"];
    for (const name of tags)
      await query("insert into tag (user_id, name) values ('u1', $1)", [name]);
    await query("insert into tag (user_id, name) values ('u2', 'οδος')");
    const tasks: [string, string, string | null, string[], number][] = [
      ["t1", "ΟΔΟΣ ΑΘΗΝΑΣ", null, ["ΟΔΟΣ", "STRASSE"], 5],
      ["t2", `${cafeDecomposed} corner`, "Meet at the Cafe\u0301", ["οδος", cafeDecomposed], 4],
      ["t3", "Both spellings", null, [cafeComposed, cafeDecomposed, "Straße"], 3],
      ["t4", longAfterNfc, null, [], 2],
    ];
    const ids = new Map<string, string>();
    for (const [name, title, description, names, minutesAgo] of tasks) {
      const row = await query(
        `insert into task (user_id, title, description, tags, created_at)
         values ('u1', $1, $2, $3, now() - make_interval(mins => $4)) returning id`,
        [title, description, names, minutesAgo],
      );
      ids.set(name, row.rows[0].id);
      await query(
        `insert into task_tag (task_id, tag_id, user_id)
         select $1, id, 'u1' from tag where user_id = 'u1' and name = any($2)`,
        [row.rows[0].id, names],
      );
    }
    await query(`insert into api_rate_limit (user_id, window_start, count)
      values ('u1', now(), 3), ('gone', now(), 9)`);

    await migrateDatabase(database.url);

    const tagRows = await query("select user_id, name, key from tag order by user_id, key");
    expect(tagRows.rows).toEqual([
      { user_id: "u1", name: cafeComposed, key: foldText(cafeComposed) },
      { user_id: "u1", name: "STRASSE", key: "strasse" },
      { user_id: "u1", name: "ΟΔΟΣ", key: foldText("οδοσ") },
      { user_id: "u2", name: "οδος", key: foldText("οδοσ") },
    ]);
    const taskRows = await query(
      `select id, title, description, title_key, description_key, tags, tag_keys,
        (select count(*)::int from task_tag where task_id = task.id) as links
       from task order by created_at`,
    );
    const byId = new Map(taskRows.rows.map((row) => [row.id, row]));
    expect(byId.get(ids.get("t1"))).toMatchObject({
      title: "ΟΔΟΣ ΑΘΗΝΑΣ",
      title_key: foldText("οδος αθηνας"),
      description_key: null,
      tags: ["ΟΔΟΣ", "STRASSE"],
      tag_keys: [foldText("ΟΔΟΣ"), "strasse"],
      links: 2,
    });
    expect(byId.get(ids.get("t2"))).toMatchObject({
      title: "Café corner",
      description: "Meet at the Café",
      title_key: "café corner",
      description_key: "meet at the café",
      tags: ["ΟΔΟΣ", cafeComposed],
      links: 2,
    });
    expect(byId.get(ids.get("t3"))).toMatchObject({
      tags: [cafeComposed, "STRASSE"],
      tag_keys: ["café", "strasse"],
      links: 2,
    });
    expect(byId.get(ids.get("t4"))).toMatchObject({
      title: longAfterNfc,
      title_key: foldText(longAfterNfc),
      tags: [],
      tag_keys: [],
    });
    const counters = await query("select user_id from api_rate_limit");
    expect(counters.rows).toEqual([{ user_id: "u1" }]);
  });

  it("finds nothing left to do the next time, and refuses a second tag that folds alike", async () => {
    const before = await query("select id, title_key, tag_keys from task order by id");
    await migrateDatabase(database.url);
    expect((await query("select id, title_key, tag_keys from task order by id")).rows).toEqual(
      before.rows,
    );
    await expect(
      query("insert into tag (user_id, name, key) values ('u1', 'οδοσ', $1)", [foldText("οδοσ")]),
    ).rejects.toThrow(/tag_user_key_idx/);
  });
});
