/** Folds rows written before the folded columns (migration 0007, R-A11, decision 027), under the migration lock. */
import { foldText } from "@tasks/contracts";
import type pg from "pg";

export interface FoldedRows {
  tags: number;
  mergedTags: number;
  tasks: number;
}

const PEOPLE_PER_BATCH = 100;
const TASKS_PER_BATCH = 1_000;

/** `text` in NFC, unless that would be longer than `max` characters. */
function nfcWithin(text: string, max: number): string {
  const nfc = text.normalize("NFC");
  return [...nfc].length <= max ? nfc : text;
}

interface StoredTag {
  id: string;
  name: string;
  key: string | null;
  first_used: string | null;
}

async function inTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query("begin");
  try {
    const result = await work();
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

function groupTags(tags: StoredTag[]): StoredTag[][] {
  const groups = new Map<string, StoredTag[]>();
  for (const tag of tags) {
    const key = foldText(tag.name);
    groups.set(key, [...(groups.get(key) ?? []), tag]);
  }
  const order = (a: StoredTag, b: StoredTag) =>
    (a.first_used ?? "~").localeCompare(b.first_used ?? "~") ||
    Number(a.key === null) - Number(b.key === null) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...groups.values()].map((group) => group.sort(order));
}

async function foldTags(client: pg.ClientBase, done: FoldedRows): Promise<boolean> {
  return inTransaction(client, async () => {
    const people = await client.query<{ user_id: string }>(
      "select distinct user_id from tag where key is null limit $1",
      [PEOPLE_PER_BATCH],
    );
    if (people.rows.length === 0) return false;
    for (const { user_id: userId } of people.rows) {
      const tags = await client.query<StoredTag & { user_id: string }>(
        `select t.id, t.name, t.key, min(task.created_at)::text as first_used
         from (select * from tag where user_id = $1 for update) t
         left join task_tag tt on tt.tag_id = t.id
         left join task on task.id = tt.task_id
         group by t.id, t.name, t.key`,
        [userId],
      );
      for (const [kept, ...others] of groupTags(tags.rows)) {
        if (!kept) continue;
        const merged = others.map((tag) => tag.id);
        const name = nfcWithin(kept.name, 32);
        if (merged.length === 0 && name === kept.name && kept.key === foldText(name)) continue;
        const moved = [...merged, ...(name === kept.name ? [] : [kept.id])];
        // Their tasks' copies of the names are rewritten by foldTasks.
        await client.query(
          `update task set tag_keys = null
           where id in (select task_id from task_tag where tag_id = any($1::uuid[]))`,
          [moved],
        );
        if (merged.length > 0) {
          await client.query(
            `insert into task_tag (task_id, tag_id, user_id)
             select task_id, $1, user_id from task_tag where tag_id = any($2::uuid[])
             on conflict do nothing`,
            [kept.id, merged],
          );
          await client.query("delete from tag where id = any($1::uuid[])", [merged]);
          done.mergedTags += merged.length;
        }
        await client.query("update tag set name = $2, key = $3 where id = $1", [
          kept.id,
          name,
          foldText(name),
        ]);
        done.tags++;
      }
    }
    return true;
  });
}

interface StoredTask {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  tags: string[];
}

/** Folds one batch of tasks without their keys; false when there were none. */
async function foldTasks(client: pg.ClientBase, done: FoldedRows): Promise<boolean> {
  return inTransaction(client, async () => {
    const tasks = await client.query<StoredTask>(
      `select id, user_id, title, description, tags from task
       where title_key is null or tag_keys is null
       limit $1 for update`,
      [TASKS_PER_BATCH],
    );
    if (tasks.rows.length === 0) return false;
    const people = [...new Set(tasks.rows.map((task) => task.user_id))];
    const tags = await client.query<{ user_id: string; key: string; name: string }>(
      "select user_id, key, name from tag where user_id = any($1::text[]) and key is not null",
      [people],
    );
    const spelling = new Map(tags.rows.map((tag) => [`${tag.user_id}\n${tag.key}`, tag.name]));
    const rows = tasks.rows.map((task) => {
      const title = nfcWithin(task.title, 200);
      const description = task.description === null ? null : nfcWithin(task.description, 1000);
      const names: string[] = [];
      for (const given of task.tags) {
        const name = spelling.get(`${task.user_id}\n${foldText(given)}`) ?? nfcWithin(given, 32);
        if (!names.some((known) => foldText(known) === foldText(name))) names.push(name);
      }
      return {
        id: task.id,
        title,
        description,
        title_key: foldText(title),
        description_key: description === null ? null : foldText(description),
        tags: names,
        tag_keys: names.map(foldText),
      };
    });
    await client.query(
      `update task set title = v.title, description = v.description, title_key = v.title_key,
         description_key = v.description_key,
         tags = array(select jsonb_array_elements_text(v.tags)),
         tag_keys = array(select jsonb_array_elements_text(v.tag_keys))
       from jsonb_to_recordset($1::jsonb) as v(id uuid, title text, description text,
         title_key text, description_key text, tags jsonb, tag_keys jsonb)
       where task.id = v.id`,
      [JSON.stringify(rows)],
    );
    done.tasks += rows.length;
    return true;
  });
}

/** Folds every row still without its keys; returns what it did. */
export async function foldStoredText(client: pg.ClientBase): Promise<FoldedRows> {
  const done: FoldedRows = { tags: 0, mergedTags: 0, tasks: 0 };
  while (await foldTags(client, done));
  while (await foldTasks(client, done));
  return done;
}
