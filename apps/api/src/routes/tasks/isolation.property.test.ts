/**
 * Model-based isolation tests (R-K1–R-K9, R-T6): random sequences of commands by three
 * people go through the real HTTP handling and database, and after every command the
 * answer and everyone's whole list are checked against an in-memory model.
 */
import type { SortOrder, Task, TaskSort, TaskStatus } from "@tasks/contracts";
import { schema } from "@tasks/db";
import { count, inArray } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../../testing/harness.ts";

let api: Harness;

/** The answers for a missing task and for someone else's path, to compare every refusal with. */
let notFoundBody: Record<string, unknown>;
let forbiddenBody: Record<string, unknown>;

/** An id no task ever has. */
const NEVER_ID = "5f3a0c4e-2b7d-4e1a-9c8b-0d6e4f2a1b3c";

beforeAll(async () => {
  api = await startHarness();
  const [someone, other] = [await api.createUser(), await api.createUser()];
  const missing = await api.call("GET", `${someone.tasks}/${NEVER_ID}`, { token: someone.token });
  const foreign = await api.call("GET", other.tasks, { token: someone.token });
  expect([missing.status, foreign.status]).toEqual([404, 403]);
  notFoundBody = withoutInstance(missing.json);
  forbiddenBody = withoutInstance(foreign.json);
});
afterAll(() => api?.close());

function withoutInstance(json: Record<string, unknown>): Record<string, unknown> {
  const { instance: _instance, ...rest } = json;
  return rest;
}

// ---- commands ----------------------------------------------------------------------------

/**
 * A task id picked when the command runs: one that the actor, the next or the previous
 * person created (deleted ones included), or one that never existed.
 */
interface TaskRef {
  whose: "own" | "next" | "prev" | "nobody";
  pick: number;
}

interface Changes {
  title?: string;
  description?: string | null;
  completed?: boolean;
}

type Command =
  | { kind: "create"; actor: number; body: Changes & { title: string } }
  | {
      kind: "list";
      actor: number;
      status?: TaskStatus;
      sort?: BasicSort;
      order?: SortOrder;
      limit: number;
    }
  | { kind: "counts"; actor: number }
  | { kind: "get"; actor: number; target: TaskRef }
  | { kind: "update"; actor: number; target: TaskRef; body: Record<string, unknown> }
  | { kind: "complete"; actor: number; target: TaskRef; completed?: boolean }
  | { kind: "delete"; actor: number; target: TaskRef }
  | {
      /** The actor's own token on the next or previous person's path: always 403. */
      kind: "trespass";
      actor: number;
      victim: "next" | "prev";
      method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "COUNTS";
      target: TaskRef;
    };

type BasicSort = Exclude<TaskSort, "due" | "priority">;
const PEOPLE = 3;
const actor = fc.integer({ min: 0, max: PEOPLE - 1 });
const target: fc.Arbitrary<TaskRef> = fc.record({
  whose: fc.constantFrom("own", "own", "own", "next", "prev", "nobody"),
  pick: fc.nat(40),
});

/** Lower-case letters and digits sort the same in every collation, so title order is checkable. */
const SORTABLE_TITLE = /^[a-z0-9]+$/;
const rawTitle = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9]{1,10}$/) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(" ", "\t", "\n ", ""), fc.stringMatching(/^[a-z0-9]{1,10}$/))
      .map(([pad, core]) => `${pad}${core}${pad}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("Ünïcødé ✓ 日本語", "👩🏽‍💻 e\u0301", "t".repeat(200)) },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
      .filter((s) => s.trim().length > 0 && !s.includes("\u0000")),
  },
);
const description = fc.oneof(
  fc.constant(null),
  fc.string({ unit: "grapheme", maxLength: 30 }).filter((s) => !s.includes("\u0000")),
  fc.constant("d".repeat(1000)),
);

/** Fields that make a PUT invalid, so it must change nothing. */
const invalidField = fc.constantFrom<Record<string, unknown>>(
  { title: "   " },
  { title: "t".repeat(201) },
  { description: "d".repeat(1001) },
  { completed: "yes" },
  { userId: "someone-else" },
  { id: NEVER_ID },
);

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("create" as const),
      actor,
      body: fc.record(
        { title: rawTitle, description, completed: fc.boolean() },
        { requiredKeys: ["title"] },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        kind: fc.constant("list" as const),
        actor,
        status: fc.constantFrom<TaskStatus>("all", "pending", "completed"),
        sort: fc.constantFrom<BasicSort>("created", "updated", "title"),
        order: fc.constantFrom<SortOrder>("asc", "desc"),
        limit: fc.integer({ min: 1, max: 4 }),
      },
      { requiredKeys: ["kind", "actor", "limit"] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("counts" as const), actor }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("get" as const), actor, target }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("update" as const),
      actor,
      target,
      body: fc
        .tuple(
          fc.record(
            { title: rawTitle, description, completed: fc.boolean() },
            { requiredKeys: [] },
          ),
          fc.option(invalidField, { freq: 5 }),
        )
        .map(([changes, invalid]): Record<string, unknown> => ({ ...changes, ...invalid })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      { kind: fc.constant("complete" as const), actor, target, completed: fc.boolean() },
      { requiredKeys: ["kind", "actor", "target"] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), actor, target }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("trespass" as const),
      actor,
      victim: fc.constantFrom("next" as const, "prev" as const),
      method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "COUNTS" as const),
      target,
    }),
  },
);

// ---- the model -----------------------------------------------------------------------------

interface World {
  people: TestUser[];
  /** What each person's list must hold, by task id. */
  tasks: Map<string, Task>[];
  /** Every id each person ever created, deleted ones included, for commands to aim at. */
  created: string[][];
  /** The page size used to read everyone's whole list after each command. */
  pageSize: number;
  /** Rows in the task table, everyone's, before this run began. */
  rowsBefore: number;
}

const other = (index: number, whose: "next" | "prev") =>
  (index + (whose === "next" ? 1 : PEOPLE - 1)) % PEOPLE;

function resolve(world: World, actorIndex: number, ref: TaskRef): string {
  if (ref.whose === "nobody") return NEVER_ID;
  const owner = ref.whose === "own" ? actorIndex : other(actorIndex, ref.whose);
  const ids = world.created[owner] ?? [];
  return ids[ref.pick % Math.max(ids.length, 1)] ?? NEVER_ID;
}

/** Compares strings by code point, as PostgreSQL's C collation does. */
const compareText = (a: string, b: string) => {
  const x = [...a].map((ch) => ch.codePointAt(0) ?? 0);
  const y = [...b].map((ch) => ch.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
};

const sortKeys = {
  created: (t: Task) => t.createdAt,
  updated: (t: Task) => t.updatedAt,
  title: (t: Task) => t.title,
} as const;

/** The model's list in the API's order: by the sort key, then by id, both in `order`. */
function expectedList(
  tasks: Iterable<Task>,
  status: TaskStatus = "all",
  sort: BasicSort = "created",
  order: SortOrder = sort === "title" ? "asc" : "desc",
): Task[] {
  const key = sortKeys[sort];
  const sign = order === "asc" ? 1 : -1;
  return [...tasks]
    .filter((t) => status === "all" || t.completed === (status === "completed"))
    .sort((a, b) => sign * (compareText(key(a), key(b)) || compareText(a.id, b.id)));
}

// ---- running a command ---------------------------------------------------------------------

/** Follows nextCursor to the end: every page within the limit, only the last one short. */
async function readAll(person: TestUser, query: string, limit: number): Promise<Task[]> {
  const seen: Task[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const params = `${query}${query ? "&" : ""}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await api.call("GET", `${person.tasks}?${params}`, { token: person.token });
    expect(response.status, `GET ?${params}`).toBe(200);
    const tasks: Task[] = response.json.tasks;
    expect(tasks.length).toBeLessThanOrEqual(limit);
    seen.push(...tasks);
    cursor = response.json.nextCursor;
    if (!cursor) return seen;
    expect(tasks).toHaveLength(limit);
  }
  throw new Error("paging did not end");
}

function expectRefusal(
  response: Awaited<ReturnType<Harness["call"]>>,
  status: 400 | 403 | 404,
): void {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  if (status === 403) expect(withoutInstance(response.json)).toEqual(forbiddenBody);
  if (status === 404) expect(withoutInstance(response.json)).toEqual(notFoundBody);
  if (status === 400)
    expect(response.json).toMatchObject({ status: 400, errors: expect.any(Array) });
}

/** Checks a changed task against the model's prediction, then puts it in the model. */
function expectChanged(world: World, owner: number, before: Task, after: Task, changes: Changes) {
  const expected: Task = {
    ...before,
    ...changes,
    ...(changes.title === undefined ? {} : { title: changes.title.trim().normalize("NFC") }),
    ...(typeof changes.description === "string"
      ? { description: changes.description.normalize("NFC") }
      : {}),
    updatedAt: after.updatedAt,
    version: before.version + 1,
  };
  expect(after).toEqual(expected);
  expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
  world.tasks[owner]?.set(after.id, after);
}

type CallOptions = Parameters<Harness["call"]>[2];

/** A call by one person; no answer to them may carry the id of a task someone else created. */
async function send(
  world: World,
  actorIndex: number,
  method: string,
  path: string,
  options: CallOptions,
) {
  const response = await api.call(method, path, options);
  const othersIds = world.created.filter((_, owner) => owner !== actorIndex).flat();
  for (const id of othersIds) expect(response.text, `${method} ${path}`).not.toContain(id);
  return response;
}

async function run(world: World, cmd: Command): Promise<void> {
  const person = world.people[cmd.actor] as TestUser;
  const mine = world.tasks[cmd.actor] as Map<string, Task>;
  const token = person.token;
  const call = (method: string, path: string, options: CallOptions = {}) =>
    send(world, cmd.actor, method, path, { token, ...options });

  switch (cmd.kind) {
    case "create": {
      const response = await call("POST", person.tasks, { body: cmd.body });
      expect(response.status).toBe(201);
      const task: Task = response.json;
      expect(task).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        userId: person.id,
        title: cmd.body.title.trim().normalize("NFC"),
        description: cmd.body.description?.normalize("NFC") ?? null,
        completed: cmd.body.completed ?? false,
        dueDate: null,
        priority: "none",
        tags: [],
        createdAt: expect.any(String),
        updatedAt: task.createdAt,
        version: 1,
      });
      expect(response.headers.get("location")).toBe(`${person.tasks}/${task.id}`);
      expect(world.created.flat()).not.toContain(task.id);
      mine.set(task.id, task);
      world.created[cmd.actor]?.push(task.id);
      return;
    }
    case "list": {
      const query = [
        cmd.status && `status=${cmd.status}`,
        cmd.sort && `sort=${cmd.sort}`,
        cmd.order && `order=${cmd.order}`,
      ]
        .filter(Boolean)
        .join("&");
      const listed = await readAll(person, query, cmd.limit);
      const expected = expectedList(mine.values(), cmd.status, cmd.sort, cmd.order);
      if (cmd.sort !== "title") {
        expect(listed).toEqual(expected);
        return;
      }
      // Title order depends on the database's collation except for plain lower-case titles.
      const ids = (tasks: Task[]) => tasks.map((t) => t.id);
      expect(new Set(ids(listed))).toEqual(new Set(ids(expected)));
      expect(listed).toHaveLength(expected.length);
      const sortable = (tasks: Task[]) => tasks.filter((t) => SORTABLE_TITLE.test(t.title));
      expect(sortable(listed)).toEqual(sortable(expected));
      return;
    }
    case "counts": {
      const response = await call("GET", `${person.tasks}/counts`);
      expect(response.status).toBe(200);
      const all = [...mine.values()];
      const completed = all.filter((t) => t.completed).length;
      expect(response.json).toEqual({
        all: all.length,
        completed,
        pending: all.length - completed,
      });
      return;
    }
    case "get": {
      const id = resolve(world, cmd.actor, cmd.target);
      const response = await call("GET", `${person.tasks}/${id}`);
      const task = mine.get(id);
      if (!task) return expectRefusal(response, 404);
      expect(response.status).toBe(200);
      expect(response.json).toEqual(task);
      return;
    }
    case "update": {
      const id = resolve(world, cmd.actor, cmd.target);
      const response = await call("PUT", `${person.tasks}/${id}`, { body: cmd.body });
      const valid = isValidUpdate(cmd.body);
      const task = mine.get(id);
      if (!valid) return expectRefusal(response, 400);
      if (!task) return expectRefusal(response, 404);
      expect(response.status).toBe(200);
      expectChanged(world, cmd.actor, task, response.json, cmd.body as Changes);
      return;
    }
    case "complete": {
      const id = resolve(world, cmd.actor, cmd.target);
      const body = cmd.completed === undefined ? undefined : { completed: cmd.completed };
      const response = await call("PATCH", `${person.tasks}/${id}/complete`, { body });
      const task = mine.get(id);
      if (!task) return expectRefusal(response, 404);
      expect(response.status).toBe(200);
      const completed = cmd.completed ?? !task.completed;
      expectChanged(world, cmd.actor, task, response.json, { completed });
      return;
    }
    case "delete": {
      const id = resolve(world, cmd.actor, cmd.target);
      const response = await call("DELETE", `${person.tasks}/${id}`);
      if (!mine.has(id)) return expectRefusal(response, 404);
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      mine.delete(id);
      return;
    }
    case "trespass": {
      const victim = world.people[other(cmd.actor, cmd.victim)] as TestUser;
      const id = resolve(world, cmd.actor, cmd.target);
      const [method, path, body] = {
        GET: ["GET", `${victim.tasks}/${id}`, undefined],
        POST: ["POST", victim.tasks, { title: "planted" }],
        PUT: ["PUT", `${victim.tasks}/${id}`, { title: "hijacked", completed: true }],
        PATCH: ["PATCH", `${victim.tasks}/${id}/complete`, undefined],
        DELETE: ["DELETE", `${victim.tasks}/${id}`, undefined],
        COUNTS: ["GET", `${victim.tasks}/counts`, undefined],
      }[cmd.method] as [string, string, unknown];
      expectRefusal(await call(method, path, { body }), 403);
      return;
    }
  }
}

/** Mirrors the update schema for the bodies generated here: at least one field, each valid. */
function isValidUpdate(body: Record<string, unknown>): boolean {
  const keys = Object.keys(body);
  if (keys.length === 0) return false;
  if (keys.some((k) => !["title", "description", "completed"].includes(k))) return false;
  const { title, description, completed } = body;
  if (title !== undefined) {
    const length = typeof title === "string" ? [...title.trim().normalize("NFC")].length : 0;
    if (length < 1 || length > 200) return false;
  }
  if (typeof description === "string" && [...description.normalize("NFC")].length > 1000) {
    return false;
  }
  return completed === undefined || typeof completed === "boolean";
}

/**
 * After every command: each person's whole list, paged through, is exactly the model's;
 * and in the database itself each person owns exactly the model's tasks, and nobody
 * else's row appeared or vanished.
 */
async function checkEveryone(world: World): Promise<void> {
  for (const [index, person] of world.people.entries()) {
    const listed = await readAll(person, "", world.pageSize);
    const expected = expectedList(world.tasks[index]?.values() ?? []);
    expect(listed, `person ${index}'s whole list`).toEqual(expected);
  }
  const ids = world.people.map((person) => person.id);
  const rows = await api.db
    .select({ id: schema.task.id, userId: schema.task.userId })
    .from(schema.task)
    .where(inArray(schema.task.userId, ids));
  for (const [index, person] of world.people.entries()) {
    const stored = rows.filter((row) => row.userId === person.id).map((row) => row.id);
    const modelled = [...(world.tasks[index]?.keys() ?? [])];
    expect(stored.sort(), `person ${index}'s rows`).toEqual(modelled.sort());
  }
  expect(await countRows(), "rows in the whole table").toBe(world.rowsBefore + rows.length);
}

async function countRows(): Promise<number> {
  const [total] = await api.db.select({ n: count() }).from(schema.task);
  return total?.n ?? -1;
}

describe("three people with random commands, checked against a model", () => {
  it("nobody ever sees or changes another's tasks, and every answer is the model's", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 1, maxLength: 25, size: "medium" }),
        fc.integer({ min: 2, max: 6 }),
        async (commands, pageSize) => {
          const people = [await api.createUser(), await api.createUser(), await api.createUser()];
          const world: World = {
            people,
            tasks: people.map(() => new Map()),
            created: people.map(() => []),
            pageSize,
            rowsBefore: await countRows(),
          };
          for (const [step, cmd] of commands.entries()) {
            try {
              await run(world, cmd);
              await checkEveryone(world);
            } catch (error) {
              throw new Error(`step ${step}, ${JSON.stringify(cmd)}: ${String(error)}`, {
                cause: error,
              });
            }
          }
        },
      ),
      // Stops generating after 30 s (a pass), so the file stays under a minute on a slow machine.
      { numRuns: 25, interruptAfterTimeLimit: 30_000 },
    );
  }, 60_000);
});
