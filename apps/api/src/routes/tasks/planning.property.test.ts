/**
 * Model-based isolation for planning (SPEC R-K13–R-K20, R-K8): random commands by three
 * people, with due dates, priorities, tags, filters, sorts, If-Match, Idempotency-Key,
 * bulk actions, clearing and export, go through the real HTTP handling and database.
 * After every command each person's tasks (by export) and tags are the model's, and no
 * answer to one person carries another's task ids or tag spellings.
 */
import { foldText, searchTerms, type Task } from "@tasks/contracts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../../testing/harness.ts";
import { type Command, command, PEOPLE } from "../../testing/planning-commands.ts";
import { filterModel, sortModel } from "../../testing/planning-model.ts";

let api: Harness;
beforeAll(async () => {
  api = await startHarness();
});
afterAll(() => api?.close());

interface World {
  people: TestUser[];
  tasks: Map<string, Task>[];
  /** Each person's tag spellings, by lower case. */
  spellings: Map<string, string>[];
  created: string[][];
  /** Idempotency keys used by each person, with the answer's task id and body. */
  keys: Map<string, { id: string; body: string }>[];
}

/** The tags a person's task gets: each once, in the order given, as first spelled. */
function spell(world: World, person: number, tags: string[]): string[] {
  const spellings = world.spellings[person] as Map<string, string>;
  const out: string[] = [];
  for (const tag of tags) {
    const key = foldText(tag);
    if (!spellings.has(key)) spellings.set(key, tag);
    const name = spellings.get(key) as string;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

const dedupe = (tags: string[]) =>
  tags.filter((t, i) => tags.findIndex((u) => foldText(u) === foldText(t)) === i);

async function run(world: World, cmd: Command): Promise<void> {
  const person = world.people[cmd.actor] as TestUser;
  const mine = world.tasks[cmd.actor] as Map<string, Task>;
  const ids = world.created[cmd.actor] as string[];
  const call = (method: string, path: string, options: Parameters<Harness["call"]>[2] = {}) =>
    send(world, cmd.actor, method, path, { token: person.token, ...options });
  switch (cmd.kind) {
    case "create": {
      const body = { ...cmd.body, tags: cmd.body.tags && dedupe(cmd.body.tags) };
      const headers: Record<string, string> = cmd.key ? { "idempotency-key": cmd.key } : {};
      const response = await call("POST", person.tasks, { body, headers });
      const kept = cmd.key ? world.keys[cmd.actor]?.get(cmd.key) : undefined;
      const fingerprint = JSON.stringify(body);
      if (kept) {
        expect(response.status).toBe(kept.body === fingerprint ? 201 : 422);
        if (kept.body === fingerprint) expect(response.json.id).toBe(kept.id);
        return;
      }
      expect(response.status, response.text).toBe(201);
      const task: Task = response.json;
      expect(task).toMatchObject({
        userId: person.id,
        title: body.title,
        description: body.description ?? null,
        completed: body.completed ?? false,
        dueDate: body.dueDate ?? null,
        priority: body.priority ?? "none",
        tags: spell(world, cmd.actor, body.tags ?? []),
        version: 1,
      });
      expect(response.headers.get("etag")).toBe('"1"');
      mine.set(task.id, task);
      ids.push(task.id);
      if (cmd.key) world.keys[cmd.actor]?.set(cmd.key, { id: task.id, body: fingerprint });
      return;
    }
    case "update": {
      const id = ids[cmd.pick % Math.max(ids.length, 1)];
      const before = id ? mine.get(id) : undefined;
      if (!id) return;
      const body = { ...cmd.body, tags: cmd.body.tags && dedupe(cmd.body.tags) };
      const version = before ? before.version - (cmd.stale ? 1 : 0) : 1;
      const response = await call("PUT", `${person.tasks}/${id}`, {
        body,
        headers: { "if-match": `"${version}"` },
      });
      if (!before) return void expect(response.status).toBe(404);
      if (cmd.stale) {
        expect(response.status).toBe(412);
        expect(response.headers.get("etag")).toBe(`"${before.version}"`);
        return;
      }
      expect(response.status, response.text).toBe(200);
      const tags = body.tags === undefined ? before.tags : spell(world, cmd.actor, body.tags);
      expect(response.json).toEqual({
        ...before,
        ...body,
        tags,
        version: before.version + 1,
        updatedAt: response.json.updatedAt,
      });
      mine.set(id, response.json);
      return;
    }
    case "list": {
      const listed = await readAll(world, cmd.actor, cmd.query.text, cmd.limit);
      const expected = sortModel([...mine.values()].filter(filterModel(cmd.query)), cmd.query);
      expect(
        listed.map((t) => t.id),
        cmd.query.text,
      ).toEqual(expected.map((t) => t.id));
      const counts = await call("GET", `${person.tasks}/counts?${cmd.query.filtersText}`);
      const all = [...mine.values()].filter(filterModel({ ...cmd.query, status: undefined }));
      const { status } = cmd.query;
      const wanted =
        status && status !== "all"
          ? all.filter((t) => t.completed === (status === "completed"))
          : all;
      const completed = wanted.filter((t) => t.completed).length;
      const { q } = cmd.query;
      const search =
        q === undefined ? {} : { search: { words: searchTerms(q).words, ignored: [] } };
      expect(counts.json).toEqual({
        all: wanted.length,
        completed,
        pending: wanted.length - completed,
        ...search,
      });
      return;
    }
    case "bulk": {
      const chosen = cmd.picks
        .map((p) => ids[p % Math.max(ids.length, 1)])
        .filter((id): id is string => !!id);
      const others = world.created.filter((_, i) => i !== cmd.actor).flat();
      const foreign = cmd.foreign
        ? others[(cmd.picks[0] ?? 0) % Math.max(others.length, 1)]
        : undefined;
      const given = [...new Set([...chosen, ...(foreign ? [foreign] : [])])];
      if (given.length === 0) return;
      const response = await call("POST", `${person.tasks}/bulk`, {
        body: { ids: given, action: cmd.action },
      });
      if (given.some((id) => !mine.has(id))) return void expect(response.status).toBe(404);
      expect(response.status, response.text).toBe(200);
      for (const id of given) {
        if (cmd.action === "delete") mine.delete(id);
        else {
          const before = mine.get(id) as Task;
          const after = (response.json.tasks as Task[]).find((t) => t.id === id) as Task;
          expect(after).toEqual({
            ...before,
            completed: cmd.action === "complete",
            version: before.version + 1,
            updatedAt: after.updatedAt,
          });
          mine.set(id, after);
        }
      }
      return;
    }
    case "clear": {
      const response = await call("DELETE", `${person.tasks}?status=completed`);
      const done = [...mine.values()].filter((t) => t.completed);
      expect(response.json).toEqual({ count: done.length, tasks: [] });
      for (const task of done) mine.delete(task.id);
      return;
    }
    case "trespass": {
      const victim = world.people[(cmd.actor + 1) % PEOPLE] as TestUser;
      const [method, path, body] = {
        tags: ["GET", `/api/${victim.id}/tags`, undefined],
        export: ["GET", `${victim.tasks}/export?format=csv`, undefined],
        import: ["POST", `${victim.tasks}/import`, { tasks: [{ title: "planted" }] }],
        bulk: [
          "POST",
          `${victim.tasks}/bulk`,
          { ids: world.created[(cmd.actor + 1) % PEOPLE]?.slice(0, 1) ?? [], action: "delete" },
        ],
        clear: ["DELETE", `${victim.tasks}?status=completed`, undefined],
        counts: ["GET", `${victim.tasks}/counts?tag=work`, undefined],
      }[cmd.what] as [string, string, unknown];
      expect((await call(method, path, { body })).status).toBe(403);
      return;
    }
  }
}

/** A call by one person: no answer may carry another person's task id or tag spelling. */
async function send(
  world: World,
  actorIndex: number,
  method: string,
  path: string,
  options: Parameters<Harness["call"]>[2],
) {
  const response = await api.call(method, path, options);
  for (const [owner, ids] of world.created.entries()) {
    if (owner === actorIndex) continue;
    for (const id of ids) expect(response.text, `${method} ${path}`).not.toContain(id);
  }
  return response;
}

async function readAll(world: World, index: number, query: string, limit: number): Promise<Task[]> {
  const person = world.people[index] as TestUser;
  const seen: Task[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const path = `${person.tasks}?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await send(world, index, "GET", path, { token: person.token });
    expect(response.status, `${path}: ${response.text}`).toBe(200);
    seen.push(...response.json.tasks);
    cursor = response.json.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error("paging did not end");
}

/** Everyone's export is the model's tasks, oldest first; everyone's tags are the model's. */
async function checkEveryone(world: World): Promise<void> {
  for (const [index, person] of world.people.entries()) {
    const exported = await send(world, index, "GET", `${person.tasks}/export`, {
      token: person.token,
    });
    const model = [...(world.tasks[index]?.values() ?? [])].sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
    );
    expect(exported.json.tasks, `person ${index}'s tasks`).toEqual(model);
    const tags = await send(world, index, "GET", `/api/${person.id}/tags`, { token: person.token });
    const counts = new Map<string, number>();
    for (const task of model)
      for (const tag of task.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    const expected = [...counts]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => (foldText(a.name) < foldText(b.name) ? -1 : 1));
    expect(tags.json.tags, `person ${index}'s tags`).toEqual(expected);
  }
}

describe("three people planning at random, checked against a model", () => {
  it("every answer is the model's, and nobody sees another's tasks or tags", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 5, maxLength: 30, size: "medium" }),
        async (commands) => {
          const people = [await api.createUser(), await api.createUser(), await api.createUser()];
          const world: World = {
            people,
            tasks: people.map(() => new Map()),
            spellings: people.map(() => new Map()),
            created: people.map(() => []),
            keys: people.map(() => new Map()),
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
      { numRuns: 25, interruptAfterTimeLimit: 25_000 },
    );
  }, 60_000);
});
