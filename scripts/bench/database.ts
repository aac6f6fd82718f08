/**
 * Databases for the bench: a fresh database on the local PostgreSQL server (dropped at
 * the end), or the embedded PGlite on its wire-protocol server, both built by the real
 * migrations and seeded with plain SQL (generate_series), never through the API.
 */
import { foldStoredText } from "@tasks/db";
import { createServerDatabase } from "@tasks/db/testing";
import pg from "pg";
import { freePort, launch } from "../processes.ts";

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface Person {
  id: string;
  email: string;
  tasks: number;
}

export async function withClient<T>(
  url: string,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A new, migrated database on the server at `serverUrl`, dropped by `drop()`. */
export const createPostgresDatabase = (serverUrl: string): Promise<BenchDatabase> =>
  createServerDatabase(serverUrl, "tasks_bench_");

/**
 * The embedded database (PGlite, in memory), migrated, in a process of its own
 * (scripts/bench/embedded-db.ts), as `npm start` runs it in its launcher, apart from the
 * API and from the load generator.
 */
export async function startEmbedded(): Promise<BenchDatabase> {
  const port = await freePort();
  const service = await launch({
    name: "embedded-db",
    entry: "scripts/bench/embedded-db.ts",
    port,
    env: { EMBEDDED_DB_PORT: String(port) },
    readyText: "embedded database ready",
  });
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, drop: () => service.stop() };
}

/** Words in the titles, one in eight tasks each (SPEC R-K16's workload): what `q` looks for. */
export const TITLE_WORDS = [
  "alpha",
  "bravo",
  "charlie",
  "delta",
  "echo",
  "foxtrot",
  "golf",
  "hotel",
];
/** Tags, one per task, one in five tasks each. */
export const BENCH_TAGS = ["Work", "Home", "Errands", "Study", "Health"];

/**
 * One user row per person, and their tasks in one statement each: titles with one of
 * eight words, every third with a description, every fourth completed, one second apart
 * in creation time, four in five with a due date (some past), priorities in turn, one of
 * five tags each. The folded copies of the text (SPEC R-A11) are written as an upgrade
 * writes them (foldStoredText), since SQL cannot compute them.
 */
export async function seed(url: string, people: Person[]): Promise<void> {
  await withClient(url, async (client) => {
    for (const person of people) {
      await client.query(`insert into "user" (id, name, email) values ($1, $2, $3)`, [
        person.id,
        `Bench ${person.id}`,
        person.email,
      ]);
      await client.query(
        `insert into tag (user_id, name) select $1, name from unnest($2::text[]) as name`,
        [person.id, BENCH_TAGS],
      );
      await client.query(
        `insert into task (user_id, title, description, completed, due_date, priority, tags, created_at, updated_at)
         select $1, 'Task number ' || g || ' ' || ($3::text[])[1 + g % 8],
                case when g % 3 = 0 then 'A description of task ' || g end,
                g % 4 = 0,
                case when g % 5 <> 0 then current_date + (g % 60 - 20) end,
                (array['none', 'low', 'medium', 'high'])[1 + g % 4]::task_priority,
                array[($4::text[])[1 + g % 5]],
                now() - make_interval(secs => g), now() - make_interval(secs => g)
         from generate_series(1, $2::int) as g`,
        [person.id, person.tasks, TITLE_WORDS, BENCH_TAGS],
      );
      await client.query(
        `insert into task_tag (task_id, tag_id, user_id)
         select task.id, tag.id, task.user_id from task
         join tag on tag.user_id = task.user_id and tag.name = task.tags[1]
         where task.user_id = $1`,
        [person.id],
      );
    }
    await foldStoredText(client);
    // Now rather than by autovacuum in the middle of a measured phase: statistics, hint
    // bits and the visibility map are all settled before the first request.
    await client.query("vacuum (analyze)");
  });
}

/** `count` people with `tasks` tasks each, ids prefixed by `prefix`. */
export function people(prefix: string, count: number, tasks: number): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    email: `${prefix}${i}@bench.test`,
    tasks,
  }));
}

/** The server's version, e.g. "15.20 (Debian 15.20-0+deb12u1)". */
export async function serverVersion(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ server_version: string }>("show server_version");
    return rows[0]?.server_version ?? "unknown";
  });
}
