/** Bulk actions and clearing completed tasks (SPEC R-K19): all or none, only one's own. */
import type { Task } from "@tasks/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../../testing/harness.ts";

let api: Harness;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
  bob = await api.createUser();
});
afterAll(() => api?.close());

async function make(user: TestUser, count: number, completed = false): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let i = 0; i < count; i++) {
    const response = await api.call("POST", user.tasks, {
      token: user.token,
      body: { title: `task ${i}`, completed, tags: ["Bulk"] },
    });
    tasks.push(response.json);
  }
  return tasks;
}

const bulk = (user: TestUser, body: unknown) =>
  api.call("POST", `${user.tasks}/bulk`, { token: user.token, body });
const all = async (user: TestUser) =>
  (await api.call("GET", `${user.tasks}?limit=100`, { token: user.token })).json.tasks as Task[];

describe("POST /api/{user_id}/tasks/bulk", () => {
  it("completes, uncompletes and deletes every task given, answering them in the order given", async () => {
    const tasks = await make(alice, 4);
    const ids = tasks.map((t) => t.id).reverse();
    const done = await bulk(alice, { ids: ids.slice(0, 3), action: "complete" });
    expect(done.status).toBe(200);
    expect(done.json.count).toBe(3);
    expect(done.json.tasks.map((t: Task) => [t.id, t.completed, t.version])).toEqual(
      ids.slice(0, 3).map((id) => [id, true, 2]),
    );
    const undone = await bulk(alice, { ids: [ids[0]?.toUpperCase()], action: "uncomplete" });
    expect(undone.json.tasks).toMatchObject([{ id: ids[0], completed: false, version: 3 }]);
    const deleted = await bulk(alice, { ids: ids.slice(1), action: "delete" });
    expect(deleted.json).toEqual({ count: 3, tasks: [] });
    expect((await all(alice)).map((t) => t.id)).toEqual([ids[0]]);
  });

  it("changes nothing when any id is not the caller's, naming it with 404", async () => {
    const mine = await make(alice, 3);
    const his = await make(bob, 1);
    const before = await all(alice);
    const missing = "5f3a0c4e-2b7d-4e1a-9c8b-0d6e4f2a1b3c";
    for (const action of ["complete", "uncomplete", "delete"]) {
      for (const [ids, wrong] of [
        [[mine[0]?.id, his[0]?.id, mine[1]?.id], "ids.1"],
        [[missing, mine[2]?.id], "ids.0"],
      ] as const) {
        const response = await bulk(alice, { ids, action });
        expect(response.status).toBe(404);
        expect(response.json.errors).toEqual([
          { field: wrong, message: "No task with this id in your list" },
        ]);
      }
    }
    expect(await all(alice)).toEqual(before);
    expect((await all(bob)).map((t) => t.id)).toEqual([his[0]?.id]);
  });

  const refused: [string, unknown, string][] = [
    ["no ids", { ids: [], action: "delete" }, "ids"],
    [
      "101 ids",
      { ids: Array.from({ length: 101 }, () => crypto.randomUUID()), action: "delete" },
      "ids",
    ],
    [
      "a repeated id",
      {
        ids: ["5f3a0c4e-2b7d-4e1a-9c8b-0d6e4f2a1b3c", "5F3A0C4E-2B7D-4E1A-9C8B-0D6E4F2A1B3C"],
        action: "delete",
      },
      "ids.1",
    ],
    ["a bad id", { ids: ["nope"], action: "delete" }, "ids.0"],
    [
      "an unknown action",
      { ids: ["5f3a0c4e-2b7d-4e1a-9c8b-0d6e4f2a1b3c"], action: "archive" },
      "action",
    ],
    ["no action", { ids: ["5f3a0c4e-2b7d-4e1a-9c8b-0d6e4f2a1b3c"] }, "action"],
    [
      "an unknown field",
      { ids: ["5f3a0c4e-2b7d-4e1a-9c8b-0d6e4f2a1b3c"], action: "delete", all: true },
      "all",
    ],
  ];
  it.each(refused)("answers 400 for %s, naming the field", async (_, body, field) => {
    const response = await bulk(alice, body);
    expect(response.status).toBe(400);
    expect(response.json.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("takes 100 ids at once, and only on the caller's own path", async () => {
    const tasks = await make(bob, 100);
    const ids = tasks.map((t) => t.id);
    expect(
      (
        await api.call("POST", `${bob.tasks}/bulk`, {
          token: alice.token,
          body: { ids, action: "delete" },
        })
      ).status,
    ).toBe(403);
    const response = await bulk(bob, { ids, action: "complete" });
    expect(response.json.count).toBe(100);
    expect((await api.call("GET", `/api/${bob.id}/tags`, { token: bob.token })).json.tags).toEqual([
      { name: "Bulk", count: 101 },
    ]);
  });
});

describe("DELETE /api/{user_id}/tasks?status=completed", () => {
  it("deletes the caller's completed tasks, and only those", async () => {
    const carol = await api.createUser();
    await make(carol, 3, true);
    const pending = await make(carol, 2, false);
    const bobsBefore = await all(bob);
    const response = await api.call("DELETE", `${carol.tasks}?status=completed`, {
      token: carol.token,
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ count: 3, tasks: [] });
    expect((await all(carol)).map((t) => t.id).sort()).toEqual(pending.map((t) => t.id).sort());
    expect(await all(bob)).toEqual(bobsBefore);
    const again = await api.call("DELETE", `${carol.tasks}?status=completed`, {
      token: carol.token,
    });
    expect(again.json.count).toBe(0);
  });

  it("refuses anything but status=completed, deleting nothing", async () => {
    const before = await all(alice);
    for (const query of [
      "",
      "?status=all",
      "?status=pending",
      "?status=completed&q=x",
      "?status=completed&status=completed",
    ]) {
      const response = await api.call("DELETE", `${alice.tasks}${query}`, { token: alice.token });
      expect(response.status, query).toBe(400);
    }
    expect(await all(alice)).toEqual(before);
    const allowed = await api.call("PATCH", alice.tasks, { token: alice.token, body: {} });
    expect(allowed.headers.get("allow")).toBe("GET, HEAD, POST, DELETE, OPTIONS");
  });
});
