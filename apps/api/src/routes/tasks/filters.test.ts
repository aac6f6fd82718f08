/**
 * Finding tasks (SPEC R-K16) against a known set: each filter and sort, combined, paged,
 * and counted, for one person among others who use the same words and tag names.
 */
import { type Task, taskPriorities } from "@tasks/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../../testing/harness.ts";

let api: Harness;
let alice: TestUser;
let bob: TestUser;
let mine: Task[] = [];

const seed: Record<string, unknown>[] = [
  { title: "Buy milk", tags: ["Home"], priority: "low", dueDate: "2026-03-01" },
  { title: "Oat MILK recipe", description: "from the farm", tags: ["home", "Food"] },
  { title: "Buy bread", description: "and milk", priority: "high", dueDate: "2026-03-01" },
  { title: "50% off sale", priority: "medium", dueDate: "2026-02-27" },
  { title: "500 off", priority: "medium", dueDate: "2026-03-05", completed: true },
  { title: "snake_case names", tags: ["Code"], dueDate: "2026-03-02" },
  { title: "snakeXcase names", tags: ["code"], priority: "high", completed: true },
  { title: "back\\slash", description: "a\\b" },
  { title: "ends with mi", description: "lk starts here", dueDate: "2026-02-28" },
  { title: "Fresh milk and buy eggs", priority: "high", dueDate: "2026-03-10", tags: ["Food"] },
  ...Array.from({ length: 8 }, (_, i) => ({
    title: `chore ${i}`,
    priority: taskPriorities[i % 4],
    dueDate: i % 3 === 0 ? null : `2026-03-0${i + 1}`,
    completed: i % 2 === 0,
  })),
];

beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
  bob = await api.createUser();
  for (const body of seed) {
    const response = await api.call("POST", alice.tasks, { token: alice.token, body });
    expect(response.status).toBe(201);
    mine.push(response.json);
  }
  // Bob writes the same words and tag names: none of it may reach Alice's answers.
  for (const body of seed.slice(0, 6)) {
    await api.call("POST", bob.tasks, {
      token: bob.token,
      body: { ...body, tags: ["Home", "Food"] },
    });
  }
  await api.call("POST", bob.tasks, { token: bob.token, body: { title: "milk", tags: ["Bobs"] } });
  mine = mine.reverse();
});
afterAll(() => api?.close());

async function list(query: string, user = alice) {
  return api.call("GET", `${user.tasks}?${query}`, { token: user.token });
}

async function walk(query: string, limit: number): Promise<Task[]> {
  const seen: Task[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const response = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.status, response.text).toBe(200);
    seen.push(...response.json.tasks);
    cursor = response.json.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error("paging did not end");
}

const titles = (tasks: Task[]) => tasks.map((t) => t.title).sort();
const found = async (query: string) => titles((await list(`${query}&limit=100`)).json.tasks);
const expected = (keep: (t: Task) => boolean) => titles(mine.filter(keep));
const text = (t: Task) => [t.title, t.description ?? ""];
const has = (word: string) => (t: Task) =>
  text(t).some((part) => part.toLowerCase().includes(word.toLowerCase()));

describe("filters", () => {
  it("q finds each word in the title or the description, ignoring case", async () => {
    expect(await found("q=milk")).toEqual(expected(has("milk")));
    expect(await found("q=MILK")).toEqual(expected(has("milk")));
    expect(await found("q=buy%20milk")).toEqual(expected((t) => has("buy")(t) && has("milk")(t)));
    expect(await found("q=%20%20milk%20%20buy%20")).toEqual(await found("q=buy%20milk"));
    expect(await found("q=farm")).toEqual(["Oat MILK recipe"]);
  });

  it("q takes % and _ as plain characters, and finds no word across title and description", async () => {
    expect(await found("q=50%25")).toEqual(["50% off sale"]);
    expect(await found("q=snake_case")).toEqual(["snake_case names"]);
    expect(await found("q=%25")).toEqual(["50% off sale"]);
    expect(await found("q=_")).toEqual(["snake_case names"]);
    expect(await found("q=%5C")).toEqual(["back\\slash"]);
    expect(await found("q=milk")).not.toContain("ends with mi");
    expect(await found("q=milks")).toEqual([]);
  });

  it("tag finds the tasks carrying it, in any case, and only the person's own", async () => {
    expect(await found("tag=HOME")).toEqual(expected((t) => t.tags.includes("Home")));
    expect(await found("tag=food")).toEqual(["Fresh milk and buy eggs", "Oat MILK recipe"]);
    expect(await found("tag=Bobs")).toEqual([]);
    expect(await found("tag=nothing")).toEqual([]);
  });

  it("priority, due dates (inclusive) and due=none|any", async () => {
    expect(await found("priority=high")).toEqual(expected((t) => t.priority === "high"));
    const within = (t: Task) =>
      t.dueDate !== null && t.dueDate >= "2026-02-28" && t.dueDate <= "2026-03-02";
    expect(await found("dueFrom=2026-02-28&dueTo=2026-03-02")).toEqual(expected(within));
    expect(await found("dueFrom=2026-03-05")).toEqual(
      expected((t) => (t.dueDate ?? "") >= "2026-03-05"),
    );
    expect(await found("dueTo=2026-02-28")).toEqual(
      expected((t) => t.dueDate !== null && t.dueDate <= "2026-02-28"),
    );
    expect(await found("due=none")).toEqual(expected((t) => t.dueDate === null));
    expect(await found("due=any")).toEqual(expected((t) => t.dueDate !== null));
    expect(await found("due=none&dueFrom=2026-01-01")).toEqual([]);
  });

  it("combine with AND, status included, and the counts take the same filters", async () => {
    const query = "q=milk&priority=high&status=pending";
    expect(await found(query)).toEqual(
      expected((t) => has("milk")(t) && t.priority === "high" && !t.completed),
    );
    for (const filters of [
      "",
      "q=milk",
      "tag=code",
      "priority=medium",
      "due=none",
      "dueTo=2026-03-01&status=pending",
    ]) {
      const listed = (await list(`${filters}&limit=100`)).json.tasks as Task[];
      const counts = await api.call("GET", `${alice.tasks}/counts?${filters}`, {
        token: alice.token,
      });
      expect(counts.status).toBe(200);
      const completed = listed.filter((t) => t.completed).length;
      const search = filters === "q=milk" ? { search: { words: ["milk"], ignored: [] } } : {};
      expect(counts.json, filters).toEqual({
        all: listed.length,
        completed,
        pending: listed.length - completed,
        ...search,
      });
    }
  });
});

const importance = (t: Task) => taskPriorities.indexOf(t.priority);
const byKey = (key: (t: Task) => string | number, descending: boolean) => (a: Task, b: Task) => {
  const [x, y] = [key(a), key(b)];
  const order =
    x < y
      ? -1
      : x > y
        ? 1
        : a.createdAt < b.createdAt
          ? -1
          : a.createdAt > b.createdAt
            ? 1
            : a.id < b.id
              ? -1
              : 1;
  return descending ? -order : order;
};

describe("sorts and paging", () => {
  it("sort=due puts undated tasks last in both orders, soonest first by default", async () => {
    const dated = (t: Task) => t.dueDate ?? "";
    const up = (await list("sort=due&limit=100")).json.tasks as Task[];
    const down = (await list("sort=due&order=desc&limit=100")).json.tasks as Task[];
    const undated = mine.filter((t) => !t.dueDate).length;
    expect(up.slice(-undated).every((t) => t.dueDate === null)).toBe(true);
    expect(down.slice(-undated).every((t) => t.dueDate === null)).toBe(true);
    expect(up.slice(0, -undated)).toEqual(mine.filter((t) => t.dueDate).sort(byKey(dated, false)));
    expect(down.slice(0, -undated)).toEqual(mine.filter((t) => t.dueDate).sort(byKey(dated, true)));
  });

  it("sort=priority orders by importance, most important first by default", async () => {
    const listed = (await list("sort=priority&limit=100")).json.tasks as Task[];
    expect(listed).toEqual([...mine].sort(byKey(importance, true)));
    const up = (await list("sort=priority&order=asc&limit=100")).json.tasks as Task[];
    expect(up.map((t) => t.priority)).toEqual(
      [...mine].sort(byKey(importance, false)).map((t) => t.priority),
    );
  });

  for (const sort of ["created", "updated", "title", "due", "priority"]) {
    for (const order of ["asc", "desc"]) {
      for (const filters of [
        "",
        "status=pending&due=any",
        "q=milk",
        "tag=food",
        "priority=high",
        "dueFrom=2026-03-01",
      ]) {
        it(`pages through every match exactly once: sort=${sort} order=${order} ${filters}`, async () => {
          const query = `sort=${sort}&order=${order}&${filters}`;
          const whole = (await list(`${query}&limit=100`)).json.tasks as Task[];
          const paged = await walk(query, 2);
          expect(paged.map((t) => t.id)).toEqual(whole.map((t) => t.id));
          expect(new Set(paged.map((t) => t.id)).size).toBe(paged.length);
        });
      }
    }
  }

  it("refuses a cursor used with other filters", async () => {
    const first = await list("q=milk&limit=1");
    const cursor = first.json.nextCursor as string;
    expect((await list(`q=milk&limit=1&cursor=${cursor}`)).status).toBe(200);
    for (const other of [
      "q=bread",
      "",
      "q=milk&tag=home",
      "q=milk&priority=low",
      "q=milk&due=any",
    ]) {
      const response = await list(`${other}&limit=1&cursor=${cursor}`);
      expect(response.status, other).toBe(400);
      expect(response.json.errors[0].field).toBe("cursor");
    }
  });
});

describe("bad filters", () => {
  const refused: [string, string][] = [
    ["q=", "q"],
    ["q=%20%20", "q"],
    [`q=${"a".repeat(201)}`, "q"],
    ["q=a%00b", "q"],
    ["q=a&q=b", "q"],
    ["tag=", "tag"],
    [`tag=${"t".repeat(33)}`, "tag"],
    ["tag=a;b", "tag"],
    ["priority=urgent", "priority"],
    ["priority=", "priority"],
    ["dueFrom=2026-02-30", "dueFrom"],
    ["dueTo=tomorrow", "dueTo"],
    ["dueFrom=2026-03-02&dueTo=2026-03-01", "dueTo"],
    ["due=some", "due"],
    ["sort=importance", "sort"],
  ];
  it.each(refused)(
    "answers 400 naming the parameter for %s, on the list and the counts",
    async (query, field) => {
      for (const path of [alice.tasks, `${alice.tasks}/counts`]) {
        const response = await api.call("GET", `${path}?${query}`, { token: alice.token });
        if (path.endsWith("counts") && field === "sort") {
          expect(response.status).toBe(400);
          continue;
        }
        expect(response.status, path).toBe(400);
        expect(
          response.json.errors.map((e: { field: string }) => e.field),
          path,
        ).toContain(field);
      }
    },
  );
});
