import type { SortOrder, TaskFilters, TaskSort } from "@tasks/contracts";
import { createDatabase, createPool, type Database, foldStoredText, schema } from "@tasks/db";
import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerifiedUserId } from "../../auth/verified-user.ts";
import { listStatement, listTasks } from "./list.queries.ts";
import {
  createTask,
  deleteTask,
  findTask,
  setTaskCompletion,
  updateTask,
} from "./tasks.queries.ts";

let database: TestDatabase;
let pool: pg.Pool;
let db: Database;
const alice = "alice" as VerifiedUserId;
const bob = "bob" as VerifiedUserId;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 2 });
  db = createDatabase(pool);
  await db.insert(schema.user).values([
    { id: alice, name: "Alice", email: "alice@example.test" },
    { id: bob, name: "Bob", email: "bob@example.test" },
  ]);
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

describe("task data functions", () => {
  it("scope every read and write to the given user", async () => {
    const task = await createTask(db, { userId: alice, title: "Alice's" });
    expect(await findTask(db, { userId: bob, id: task.id })).toBeUndefined();
    const missing = { outcome: "not-found" };
    expect(await updateTask(db, { userId: bob, id: task.id, title: "Bob's now" })).toEqual(missing);
    expect(
      await updateTask(db, { userId: bob, id: task.id, tags: ["Bob's"], expected: [1] }),
    ).toEqual(missing);
    expect(await setTaskCompletion(db, { userId: bob, id: task.id })).toEqual(missing);
    expect(await deleteTask(db, { userId: bob, id: task.id })).toEqual(missing);
    const bobsList = await listTasks(db, {
      userId: bob,
      filters: { status: "all" },
      sort: "created",
      order: "desc",
      limit: 10,
    });
    expect(bobsList).toEqual([]);
    expect(await findTask(db, { userId: alice, id: task.id })).toMatchObject({
      title: "Alice's",
      completed: false,
    });
  });

  it("accept only a verified user id", () => {
    const fromPath: string = "alice";
    const attempt = () =>
      // @ts-expect-error a plain string is not a VerifiedUserId: only the token verifier makes one.
      findTask(db, { userId: fromPath, id: "00000000-0000-4000-8000-000000000000" });
    expect(typeof attempt).toBe("function");
  });
});

/** One node of `EXPLAIN (FORMAT JSON)`, with the fields the checks read. */
interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  "Recheck Cond"?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * The plan test (decisions 012, 020): every list statement reads the person's rows
 * through an index whose condition names the person, never a sequential scan. A list narrowed by nothing but its
 * status sorts nothing: its order is an index. A narrower one (a search, a tag, a
 * priority, due dates) may instead read the person's matches from another index and
 * sort those, when the planner expects few of them.
 */
function planProblems(plan: PlanNode, mayUseOwnIndex: boolean): string[] {
  const problems: string[] = [];
  for (const node of nodesOf(plan)) {
    const type = node["Node Type"];
    if (type === "Seq Scan") problems.push(`sequential scan of ${node["Relation Name"]}`);
    if (type === "Sort" && !mayUseOwnIndex) problems.push("a Sort");
    const condition = node["Index Cond"] ?? node["Recheck Cond"];
    if (/Index|Bitmap/.test(type) && condition !== undefined) {
      const owned = /user_id = /.test(condition);
      if (!owned) problems.push(`${type} on ${node["Index Name"]} not by person: ${condition}`);
    }
    if (/Index Scan|Index Only Scan|Bitmap Index Scan/.test(type) && condition === undefined) {
      problems.push(`${type} on ${node["Index Name"]} without a condition`);
    }
  }
  return problems;
}

describe("list plans", () => {
  const planner = "planner" as VerifiedUserId;

  beforeAll(async () => {
    const others = Array.from({ length: 20 }, (_, i) => `other-${i}`);
    await db
      .insert(schema.user)
      .values([planner, ...others].map((id) => ({ id, name: id, email: `${id}@example.test` })));
    // A busy person's 5,000 tasks, and 5,000 of twenty others, every field varied.
    await pool.query(
      `insert into task (user_id, title, description, completed, due_date, priority, tags, created_at, updated_at)
       select case when n % 2 = 0 then 'planner' else 'other-' || (n % 20) end,
              'task ' || n || case when n % 2 = 0 then ' common' else '' end
                || case when n = 3000 then ' unique3000' else '' end,
              case when n % 3 = 0 then 'notes for ' || n end,
              n % 3 = 0,
              case when n % 4 <> 0 then date '2026-01-01' + (n % 90) end,
              (array['none','low','medium','high'])[1 + n % 4]::task_priority,
              case when n % 4 = 0 then array['Often'] when n between 3000 and 3009 then array['seldom']
                   else '{}' end,
              now() - n * interval '1 minute', now() - (n % 97) * interval '1 minute'
       from generate_series(1, 10000) as n`,
    );
    // Rows written in SQL have no folded keys (R-A11): fold them as an upgrade would.
    const client = await pool.connect();
    await foldStoredText(client).finally(() => client.release());
    await pool.query("analyze");
  });

  /**
   * A test's table is small enough that reading all of it can look cheapest to the
   * planner; on a table of many people it never is. Sequential scans are priced out here
   * (on one connection), so the plan checked is the best one that uses an index.
   */
  async function explain(text: string, values: unknown[]) {
    const client = await pool.connect();
    try {
      await client.query("set enable_seqscan = off");
      return await client.query(`explain (format json) ${text}`, values);
    } finally {
      await client.query("reset enable_seqscan");
      client.release();
    }
  }

  const sorts: TaskSort[] = ["created", "updated", "title", "due", "priority"];
  const shapes: [string, Partial<TaskFilters>][] = [
    ["no filter", {}],
    ["pending", { status: "pending" }],
    ["completed", { status: "completed" }],
    ["a common word", { q: "common" }],
    ["a rare word", { q: "unique3000" }],
    ["two words and a wildcard", { q: "task 1%" }],
    ["a common tag", { tag: "Often" }],
    ["a rare tag", { tag: "seldom" }],
    ["a priority", { priority: "high" }],
    ["a priority, pending", { priority: "high", status: "pending" }],
    ["a due range", { dueFrom: "2026-01-10", dueTo: "2026-01-20" }],
    ["from a date", { dueFrom: "2026-02-01" }],
    ["no due date", { due: "none" }],
    ["any due date", { due: "any", status: "pending" }],
    ["everything", { q: "common", tag: "often", priority: "low", dueTo: "2026-03-01" }],
  ];

  for (const sort of sorts) {
    it(`read only the person's rows, by index, without sorting: sort=${sort}`, async () => {
      const failures: string[] = [];
      for (const order of ["asc", "desc"] as SortOrder[]) {
        for (const [label, given] of shapes) {
          const filters: TaskFilters = { status: "all", ...given };
          for (const after of [
            undefined,
            {
              value: afterValue(sort),
              created: "2026-01-01T00:00:00.000Z",
              id: "00000000-0000-4000-8000-000000000000",
            },
          ]) {
            const options = { userId: planner, filters, sort, order, limit: 51, after };
            const { text, values } = listStatement(db, options);
            const { rows } = await explain(text, values);
            const plan: PlanNode = rows[0]["QUERY PLAN"][0].Plan;
            const { status: _status, ...narrowing } = given;
            const mayUseOwnIndex = Object.keys(narrowing).length > 0;
            const where = `${order} ${label}${after ? " (next page)" : ""}`;
            for (const problem of planProblems(plan, mayUseOwnIndex)) {
              failures.push(`${where}: ${problem}`);
            }
            if (given.q === undefined && given.tag === undefined) continue;
            // The bounded walk (decision 029): the person's range only, as any narrowed list.
            const bounded = listStatement(db, options, true);
            const walk: PlanNode = (await explain(bounded.text, bounded.values)).rows[0][
              "QUERY PLAN"
            ][0].Plan;
            for (const problem of planProblems(walk, true)) {
              failures.push(`${where}, bounded: ${problem}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

function afterValue(sort: TaskSort): string {
  if (sort === "title") return "task 5";
  if (sort === "due") return "2026-02-01";
  if (sort === "priority") return "medium";
  return "2026-01-01T00:00:00.000Z";
}
