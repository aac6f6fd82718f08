/**
 * Export and import (SPEC R-K20): JSON and CSV, every task, all or none, errors naming
 * the row; an export imports back unchanged; 5 MiB and 5,000 tasks over real HTTP.
 */
import type { Task } from "@tasks/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../../testing/harness.ts";
import { RawConnection, requestHead, serveOnLoopback } from "../../testing/raw-http.ts";

let api: Harness;
let alice: TestUser;

const samples: Record<string, unknown>[] = [
  { title: "Plain" },
  {
    title: 'Comma, "quotes" and ; semicolon',
    description: 'Line one\r\nLine two\n\ttabbed, "quoted"',
  },
  { title: "Ünïcødé ✓ 日本語 👩🏽‍💻", description: "", completed: true, priority: "high" },
  { title: "=1+2 looks like a formula", dueDate: "2026-12-31", tags: ["Work", "home, sweet"] },
  {
    title: "Tagged",
    tags: ["work", "Zed"],
    priority: "low",
    dueDate: "0001-01-01",
    completed: true,
  },
];

beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
  for (const body of samples) {
    const response = await api.call("POST", alice.tasks, { token: alice.token, body });
    expect(response.status, response.text).toBe(201);
  }
});
afterAll(() => api?.close());

const exported = (user: TestUser, format: "json" | "csv") =>
  api.call("GET", `${user.tasks}/export?format=${format}`, { token: user.token });
const imported = (user: TestUser, body: string, type: string) =>
  api.call("POST", `${user.tasks}/import`, {
    token: user.token,
    body,
    headers: { "content-type": type },
  });

/** What an import must keep of a task. */
const content = ({ title, description, completed, dueDate, priority, tags }: Task) => ({
  title,
  description,
  completed,
  dueDate,
  priority,
  tags,
});

describe("export", () => {
  it("gives every task as the API shows it, oldest first, as a JSON download", async () => {
    const response = await exported(alice, "json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="tasks.json"');
    const tasks: Task[] = response.json.tasks;
    expect(tasks.map((t) => t.title)).toEqual(samples.map((s) => s.title));
    const one = await api.call("GET", `${alice.tasks}/${tasks[3]?.id}`, { token: alice.token });
    expect(tasks[3]).toEqual(one.json);
    expect(tasks[4]?.tags).toEqual(["Work", "Zed"]);
  });

  it("gives CSV with the header row, CRLF lines, RFC 4180 quoting and tags joined by ;", async () => {
    const response = await exported(alice, "csv");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="tasks.csv"');
    const lines = response.text.split("\r\n"); // decoded, without the byte-order mark
    expect(lines[0]).toBe("title,description,completed,dueDate,priority,tags");
    expect(lines[1]).toBe("Plain,,false,,none,");
    expect(response.text).toContain(
      '"Comma, ""quotes"" and ; semicolon","Line one\r\nLine two\n\ttabbed, ""quoted""",false,,none,',
    );
    expect(response.text).toContain(
      '\'=1+2 looks like a formula,,false,2026-12-31,none,"Work;home, sweet"',
    );
    expect(response.text.endsWith("\r\n")).toBe(true);
  });

  it("refuses another format", async () => {
    const response = await api.call("GET", `${alice.tasks}/export?format=xml`, {
      token: alice.token,
    });
    expect(response.status).toBe(400);
    expect(response.json.errors[0].field).toBe("format");
  });
});

describe("an export imports back unchanged", () => {
  it("as JSON: every new-task field, in the same order, ids and dates ignored", async () => {
    const source = await exported(alice, "json");
    const bob = await api.createUser();
    const response = await imported(bob, source.text, "application/json");
    expect(response.status, response.text).toBe(201);
    expect(response.json).toEqual({ count: samples.length });
    const again: Task[] = (await exported(bob, "json")).json.tasks;
    expect(again.map(content)).toEqual((source.json.tasks as Task[]).map(content));
    expect(again.every((t) => t.userId === bob.id)).toBe(true);
    const sourceIds = new Set((source.json.tasks as Task[]).map((t) => t.id));
    expect(again.filter((t) => sourceIds.has(t.id))).toEqual([]);
    const tags = await api.call("GET", `/api/${bob.id}/tags`, { token: bob.token });
    expect(tags.json.tags).toEqual([
      { name: "home, sweet", count: 1 },
      { name: "Work", count: 2 },
      { name: "Zed", count: 1 },
    ]);
  });

  it("as CSV: the same file, byte for byte", async () => {
    const source = await exported(alice, "csv");
    const carol = await api.createUser();
    const response = await imported(carol, source.text, "text/csv; charset=utf-8");
    expect(response.status, response.text).toBe(201);
    expect((await exported(carol, "csv")).text).toBe(source.text);
  });
});

describe("import", () => {
  it("reads CSV with any of the columns in any order, a BOM, LF lines and blank lines", async () => {
    const dave = await api.createUser();
    const csv = '\ufefftags,title,completed\n"a;b",First,TRUE\n\n;;,"Second, quoted",\n';
    const response = await imported(dave, csv, "text/csv");
    expect(response.status, response.text).toBe(201);
    const tasks: Task[] = (await exported(dave, "json")).json.tasks;
    expect(tasks.map(content)).toEqual([
      {
        title: "First",
        description: null,
        completed: true,
        dueDate: null,
        priority: "none",
        tags: ["a", "b"],
      },
      {
        title: "Second, quoted",
        description: null,
        completed: false,
        dueDate: null,
        priority: "none",
        tags: [],
      },
    ]);
  });

  const refusedJson: [string, unknown, string][] = [
    [
      "a bad title in the third task",
      { tasks: [{ title: "a" }, { title: "b" }, { title: "" }] },
      "tasks.2.title",
    ],
    ["a bad date", { tasks: [{ title: "a", dueDate: "2026-02-30" }] }, "tasks.0.dueDate"],
    ["a bad tag", { tasks: [{ title: "a", tags: ["ok", "a;b"] }] }, "tasks.0.tags.1"],
    ["no tasks list", { items: [] }, "items"],
    ["tasks not a list", { tasks: {} }, "tasks"],
    ["5,001 tasks", { tasks: Array.from({ length: 5001 }, () => ({ title: "x" })) }, "tasks"],
  ];
  it.each(refusedJson)(
    "refuses JSON with %s, naming it, adding nothing",
    async (_, body, field) => {
      const erin = await api.createUser();
      const response = await imported(erin, JSON.stringify(body), "application/json");
      expect(response.status).toBe(400);
      expect(response.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await exported(erin, "json")).json.tasks).toEqual([]);
      expect(
        (await api.call("GET", `/api/${erin.id}/tags`, { token: erin.token })).json.tags,
      ).toEqual([]);
    },
  );

  const refusedCsv: [string, string, string][] = [
    ["a bad date on row 3", "title,dueDate,tags\r\na,,x\r\nb,2026-13-01,y\r\n", "row 3.dueDate"],
    ["an empty title on row 2", "title,tags\r\n ,new\r\n", "row 2.title"],
    ["a bad completed", "title,completed\r\na,yes\r\n", "row 2.completed"],
    ["a bad priority", "title,priority\r\na,urgent\r\n", "row 2.priority"],
    [
      "eleven tags",
      `title,tags\r\na,${Array.from({ length: 11 }, (_, i) => `t${i}`).join(";")}\r\n`,
      "row 2.tags",
    ],
    ["an unclosed quote on row 3", 'title\r\na\r\n"b\r\n', "row 3"],
    ["a row with too many fields", "title,priority\r\na,low,extra\r\n", "row 2"],
    ["an unknown column", "title,owner\r\na,bob\r\n", "row 1"],
    ["a repeated column", "title,title\r\na,b\r\n", "row 1"],
    ["no title column", "description\r\nx\r\n", "row 1"],
    ["5,001 rows", `title\r\n${"x\r\n".repeat(5001)}`, "body"],
  ];
  it.each(refusedCsv)(
    "refuses CSV with %s, naming the row, adding nothing",
    async (_, csv, field) => {
      const frank = await api.createUser();
      const response = await imported(frank, csv, "text/csv");
      expect(response.status, response.text).toBe(400);
      expect(response.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await exported(frank, "json")).json.tasks).toEqual([]);
      expect(
        (await api.call("GET", `/api/${frank.id}/tags`, { token: frank.token })).json.tags,
      ).toEqual([]);
    },
  );

  it("refuses other types (415), an empty body and invalid JSON (400)", async () => {
    expect((await imported(alice, "title\r\na\r\n", "text/plain")).status).toBe(415);
    expect((await imported(alice, "title\r\na\r\n", "text/csvx")).status).toBe(415);
    expect((await imported(alice, "", "text/csv")).status).toBe(400);
    expect((await imported(alice, "{", "application/json")).status).toBe(400);
  });
});

describe("size, over real HTTP", () => {
  const MB = 1024 * 1024;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  beforeAll(async () => {
    server = await serveOnLoopback(api.app);
  });
  afterAll(() => server?.close());

  it("imports 5,000 tasks in about 5 MB; a 6 MB body is 413 and the next request works", async () => {
    const grace = await api.createUser();
    const tasks = Array.from({ length: 5000 }, (_, i) => ({
      title: `Task ${i}`,
      description: "d".repeat(960),
      tags: [`t${i % 7}`],
    }));
    const body = JSON.stringify({ tasks });
    expect(body.length).toBeGreaterThan(4.9 * 1000 * 1000);
    expect(body.length).toBeLessThanOrEqual(5 * MB);
    const url = `http://127.0.0.1:${server.port}${grace.tasks}/import`;
    const headers = { authorization: `Bearer ${grace.token}`, "content-type": "application/json" };
    const response = await fetch(url, { method: "POST", headers, body });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await response.json()).toEqual({ count: 5000 });
    const counts = await api.call("GET", `${grace.tasks}/counts`, { token: grace.token });
    expect(counts.json.all).toBe(5000);

    const total = 6 * MB;
    const connection = await RawConnection.open(server.port);
    await connection.write(
      requestHead("POST", `${grace.tasks}/import`, { ...headers, "content-length": String(total) }),
    );
    await connection.write(Buffer.alloc(64 * 1024, "x"));
    const refused = await connection.readResponse();
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).detail).toBe("The request body is over 5 MiB.");
    for (let sent = 64 * 1024; sent < total; sent += 256 * 1024) {
      await connection.write(Buffer.alloc(Math.min(256 * 1024, total - sent), "x"));
    }
    // Every write accepted (no reset), and the same connection answers the next request.
    await connection.write(requestHead("GET", `${grace.tasks}/counts`, headers));
    const next = await connection.readResponse();
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body).all).toBe(5000);
    expect(connection.error).toBeUndefined();
    connection.close();
  }, 120_000);

  it("still refuses other bodies over 32 KiB", async () => {
    const response = await api.call("POST", alice.tasks, {
      token: alice.token,
      body: { title: "x", description: "d".repeat(40_000) },
    });
    expect(response.status).toBe(413);
  });
});
