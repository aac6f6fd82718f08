import type { Task } from "@tasks/contracts";
import { schema } from "@tasks/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../../testing/harness.ts";

let api: Harness;
let alice: TestUser;
let bob: TestUser;

const TASK_COUNT = 23;

beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
  bob = await api.createUser();
  // Several tasks share a timestamp, so paging must break ties by id.
  const base = Date.parse("2026-01-01T00:00:00.000Z");
  await api.db.insert(schema.task).values(
    Array.from({ length: TASK_COUNT }, (_, i) => ({
      userId: alice.id,
      title: `Task ${String.fromCharCode(97 + ((i * 7) % 26))}${i % 3 === 0 ? "" : i}`,
      completed: i % 3 === 0,
      createdAt: new Date(base + Math.floor(i / 4) * 1000).toISOString(),
      updatedAt: new Date(base + ((i * 5) % 11) * 1000).toISOString(),
    })),
  );
  await api.db.insert(schema.task).values({ userId: bob.id, title: "Bob's task" });
});
afterAll(() => api?.close());

async function list(query: string, user = alice) {
  return api.call("GET", `${user.tasks}${query ? `?${query}` : ""}`, { token: user.token });
}

/** Follows nextCursor until the last page. */
async function walk(query: string, limit: number): Promise<Task[]> {
  const seen: Task[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const response = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.status).toBe(200);
    expect(response.json.tasks.length).toBeLessThanOrEqual(limit);
    seen.push(...response.json.tasks);
    cursor = response.json.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error("paging did not end");
}

const byKey = (key: (t: Task) => string, descending: boolean) => (a: Task, b: Task) => {
  const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return descending ? -order : order;
};

describe("GET /api/{user_id}/tasks", () => {
  it("lists only the caller's tasks, newest first, by default", async () => {
    const response = await list("");
    expect(response.status).toBe(200);
    expect(response.json.nextCursor).toBeNull();
    const tasks: Task[] = response.json.tasks;
    expect(tasks).toHaveLength(TASK_COUNT);
    expect(tasks.every((t) => t.userId === alice.id)).toBe(true);
    expect(tasks).toEqual([...tasks].sort(byKey((t) => t.createdAt, true)));
    const bobs = await list("", bob);
    expect(bobs.json.tasks.map((t: Task) => t.title)).toEqual(["Bob's task"]);
  });

  it("filters by status", async () => {
    const completed = (await list("status=completed")).json.tasks as Task[];
    const pending = (await list("status=pending")).json.tasks as Task[];
    expect(completed.length).toBe(8);
    expect(completed.every((t) => t.completed)).toBe(true);
    expect(pending.length).toBe(TASK_COUNT - 8);
    expect(pending.every((t) => !t.completed)).toBe(true);
  });

  const keys = {
    created: (t: Task) => t.createdAt,
    updated: (t: Task) => t.updatedAt,
    title: (t: Task) => t.title,
  };

  for (const sort of ["created", "updated", "title"] as const) {
    for (const order of ["asc", "desc"] as const) {
      for (const status of ["all", "pending", "completed"] as const) {
        it(`pages through every task exactly once: sort=${sort} order=${order} status=${status}`, async () => {
          const query = `sort=${sort}&order=${order}&status=${status}`;
          const whole = (await list(query)).json.tasks as Task[];
          const paged = await walk(query, 4);
          expect(paged.map((t) => t.id)).toEqual(whole.map((t) => t.id));
          expect(new Set(paged.map((t) => t.id)).size).toBe(paged.length);
          if (sort !== "title")
            expect(whole).toEqual([...whole].sort(byKey(keys[sort], order === "desc")));
        });
      }
    }
  }

  it("counts the caller's tasks by status", async () => {
    const counts = await api.call("GET", `${alice.tasks}/counts`, { token: alice.token });
    expect(counts.status).toBe(200);
    expect(counts.json).toEqual({ all: TASK_COUNT, completed: 8, pending: TASK_COUNT - 8 });
    const bobs = await api.call("GET", `${bob.tasks}/counts`, { token: bob.token });
    expect(bobs.json).toEqual({ all: 1, completed: 0, pending: 1 });
    expect((await api.call("GET", `${alice.tasks}/counts`, { token: bob.token })).status).toBe(403);
  });

  it("sorts titles A to Z by default", async () => {
    const titles = ((await list("sort=title")).json.tasks as Task[]).map((t) => t.title);
    expect(titles[0]?.startsWith("Task a")).toBe(true);
  });

  it("pages with a limit of one and with the largest limit", async () => {
    expect(await walk("status=all", 1)).toHaveLength(TASK_COUNT);
    const big = await list("limit=100");
    expect(big.json.tasks).toHaveLength(TASK_COUNT);
  });

  const badQueries: [string, string][] = [
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=-1", "limit"],
    ["limit=1.5", "limit"],
    ["limit=abc", "limit"],
    ["limit=", "limit"],
    ["status=done", "status"],
    ["sort=importance", "sort"],
    ["order=up", "order"],
    ["color=red", "color"],
    ["limit=5&limit=6", "limit"],
    ["cursor=%%%", "cursor"],
    ["cursor=bm9wZQ", "cursor"],
    [`cursor=${"a".repeat(600)}`, "cursor"],
  ];

  it.each(badQueries)("answers 400 for %s", async (query, field) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(response.json.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("refuses a cursor used with another sort or status, or forged", async () => {
    const first = await list("sort=created&limit=2");
    const cursor = first.json.nextCursor as string;
    expect((await list(`sort=title&limit=2&cursor=${cursor}`)).status).toBe(400);
    expect((await list(`status=pending&limit=2&cursor=${cursor}`)).status).toBe(400);
    expect((await list(`sort=created&order=asc&limit=2&cursor=${cursor}`)).status).toBe(400);
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString());
    for (const forged of [
      { ...decoded, v: "not a date" },
      { ...decoded, i: "1; drop table task" },
      { ...decoded, x: 1 },
    ]) {
      const value = Buffer.from(JSON.stringify(forged)).toString("base64url");
      expect((await list(`sort=created&limit=2&cursor=${value}`)).status).toBe(400);
    }
  });
});
