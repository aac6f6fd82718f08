/**
 * Statistics kept current after bulk writes (SPEC R-K16): right after a large import, or a
 * large clearing, the planner knows how many tasks the person has, without waiting for
 * autovacuum (which the embedded database does not even run).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../testing/harness.ts";

let api: Harness;
beforeAll(async () => {
  api = await startHarness();
});
afterAll(() => api?.close());

/** What the planner believes: the table's rows, and the rows of one person. */
async function plannerView(userId: string) {
  const table = await api.pool.query<{ reltuples: number }>(
    "select reltuples::float8 as reltuples from pg_class where relname = 'task'",
  );
  const plan = await api.pool.query(
    `explain (format json) select * from task where user_id = $1 and tag_keys @> array['work']`,
    [userId],
  );
  return {
    tasks: Number(table.rows[0]?.reltuples),
    personRows: Number(plan.rows[0]["QUERY PLAN"][0].Plan["Plan Rows"]),
  };
}

describe("statistics after bulk writes (SPEC R-K16)", () => {
  it("are current right after a large import and a large clearing", async () => {
    const user = await api.createUser();
    const tasks = Array.from({ length: 1_000 }, (_, i) => ({
      title: `Imported ${i}`,
      completed: i % 2 === 0,
      tags: i % 5 === 0 ? ["Work"] : [],
    }));
    const imported = await api.call("POST", `${user.tasks}/import`, {
      token: user.token,
      body: { tasks },
    });
    expect(imported.status, imported.text).toBe(201);
    const afterImport = await plannerView(user.id);
    expect(afterImport.tasks).toBe(1_000);
    // One task in five carries the tag: the estimate is near 200, not the planner's guess
    // for a table it knows nothing about.
    expect(afterImport.personRows).toBeGreaterThan(100);
    expect(afterImport.personRows).toBeLessThan(400);

    const cleared = await api.call("DELETE", `${user.tasks}?status=completed`, {
      token: user.token,
    });
    expect(cleared.json.count).toBe(500);
    expect((await plannerView(user.id)).tasks).toBe(500);
  });
});
