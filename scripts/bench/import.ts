/**
 * Rows 3i–3ti: a person whose 10,000 tasks arrive through the API's own import, right
 * before the list phase, as a person moving in would bring them (SPEC R-K16: right after
 * a large import, a filtered page is as fast as later). Autovacuum is off for the task
 * tables of the bench database, so the statistics the planner has are the ones the
 * product itself keeps current.
 */
import type { Service } from "../processes.ts";
import { BENCH_TAGS, type Person, TITLE_WORDS, withClient } from "./database.ts";
import type { Context } from "./scenarios.ts";

const IMPORT_BATCH = 5_000;

/** The seed's pattern (database.ts) as tasks for the import endpoint. */
function importedTasks(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const g = count - i; // the last imported is the newest, as g = 1 is in the seed
    return {
      title: `Task number ${g} ${TITLE_WORDS[g % TITLE_WORDS.length]}`,
      ...(g % 3 === 0 ? { description: `A description of task ${g}` } : {}),
      completed: g % 4 === 0,
      priority: (["none", "low", "medium", "high"] as const)[g % 4],
      tags: [BENCH_TAGS[g % BENCH_TAGS.length] as string],
    };
  });
}

/** Imports `person.tasks` tasks through `api` in batches of 5,000, autovacuum off. */
export async function importPerson(ctx: Context, api: Service, person: Person, url: string) {
  await withClient(url, (client) =>
    client.query(`alter table task set (autovacuum_enabled = off);
      alter table task_tag set (autovacuum_enabled = off)`),
  );
  const tasks = importedTasks(person.tasks);
  const headers = {
    authorization: `Bearer ${await ctx.issuer.sign(person.id)}`,
    "content-type": "application/json",
  };
  for (let start = 0; start < tasks.length; start += IMPORT_BATCH) {
    const body = JSON.stringify({ tasks: tasks.slice(start, start + IMPORT_BATCH) });
    const response = await fetch(`${api.url}/api/${person.id}/tasks/import`, {
      method: "POST",
      headers,
      body,
    });
    if (response.status !== 201)
      throw new Error(`import: ${response.status} ${await response.text()}`);
  }
  ctx.log(`imported ${tasks.length} tasks for ${person.id} through the API`);
}
