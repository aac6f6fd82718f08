/**
 * Due dates, priorities and tags (SPEC R-K13–R-K15) through the API: every new field is
 * optional on create and update, validated with the shared rules (400 naming the field,
 * nothing written), and tags are each person's own.
 */
import { foldText, type Task } from "@tasks/contracts";
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

async function create(user: TestUser, body: Record<string, unknown>): Promise<Task> {
  const response = await api.call("POST", user.tasks, { token: user.token, body });
  expect(response.status, response.text).toBe(201);
  return response.json;
}

const tagsOf = async (user: TestUser) =>
  (await api.call("GET", `/api/${user.id}/tags`, { token: user.token })).json.tags;

describe("new fields on create, read and update", () => {
  it("default to no date, no priority and no tags", async () => {
    const task = await create(alice, { title: "Plain" });
    expect(task).toMatchObject({ dueDate: null, priority: "none", tags: [], version: 1 });
  });

  it("are stored and answered as given, tags trimmed and in the order given", async () => {
    const task = await create(alice, {
      title: "Plan",
      dueDate: "2028-02-29",
      priority: "high",
      tags: ["  Work ", "Q1", "Home"],
    });
    expect(task).toMatchObject({
      dueDate: "2028-02-29",
      priority: "high",
      tags: ["Work", "Q1", "Home"],
    });
    const read = await api.call("GET", `${alice.tasks}/${task.id}`, { token: alice.token });
    expect(read.json).toEqual(task);
  });

  it("change on update only when given; null clears the date; tags replace the list", async () => {
    const task = await create(alice, {
      title: "Change me",
      dueDate: "2030-01-01",
      tags: ["A", "B"],
    });
    const put = (body: unknown) =>
      api.call("PUT", `${alice.tasks}/${task.id}`, { token: alice.token, body });
    expect((await put({ priority: "low" })).json).toMatchObject({
      dueDate: "2030-01-01",
      priority: "low",
      tags: ["A", "B"],
    });
    expect((await put({ dueDate: null, tags: ["b", "C"] })).json).toMatchObject({
      dueDate: null,
      priority: "low",
      tags: ["B", "C"],
      version: 3,
    });
    expect((await put({ tags: [] })).json.tags).toEqual([]);
  });

  const refused: [string, Record<string, unknown>, string][] = [
    ["a date without dashes", { dueDate: "20260101" }, "dueDate"],
    ["a date with a time", { dueDate: "2026-01-01T00:00:00Z" }, "dueDate"],
    ["February 30th", { dueDate: "2026-02-30" }, "dueDate"],
    ["February 29th of a common year", { dueDate: "2027-02-29" }, "dueDate"],
    ["year zero", { dueDate: "0000-01-01" }, "dueDate"],
    ["a five-digit year", { dueDate: "10000-01-01" }, "dueDate"],
    ["a number as date", { dueDate: 20260101 }, "dueDate"],
    ["an unknown priority", { priority: "urgent" }, "priority"],
    ["a priority in capitals", { priority: "High" }, "priority"],
    ["a numeric priority", { priority: 3 }, "priority"],
    ["a null priority", { priority: null }, "priority"],
    ["tags as a string", { tags: "Work" }, "tags"],
    ["eleven tags", { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, "tags"],
    ["an empty tag", { tags: ["ok", "  "] }, "tags.1"],
    ["a 33-character tag", { tags: ["x".repeat(33)] }, "tags.0"],
    ["a tag with ;", { tags: ["a;b"] }, "tags.0"],
    ["a tag with a control character", { tags: ["a\u0007"] }, "tags.0"],
    ["a tag with a newline", { tags: ["a\nb"] }, "tags.0"],
    ["a repeated tag in another case", { tags: ["Work", "WORK"] }, "tags.1"],
    ["a numeric tag", { tags: [1] }, "tags.0"],
    ["null tags", { tags: null }, "tags"],
  ];

  it.each(refused)(
    "refuse %s with 400 naming the field, writing nothing",
    async (_, fields, field) => {
      const before = await api.call("GET", alice.tasks, { token: alice.token });
      const tagsBefore = await tagsOf(alice);
      const created = await api.call("POST", alice.tasks, {
        token: alice.token,
        body: { title: "Bad", ...fields },
      });
      expect(created.status).toBe(400);
      expect(created.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      const target = (before.json.tasks as Task[])[0] as Task;
      const updated = await api.call("PUT", `${alice.tasks}/${target.id}`, {
        token: alice.token,
        body: fields,
      });
      expect(updated.status).toBe(400);
      expect(updated.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await api.call("GET", alice.tasks, { token: alice.token })).json).toEqual(
        before.json,
      );
      expect(await tagsOf(alice)).toEqual(tagsBefore);
    },
  );

  it("take 32-character tags, ten of them, and dates from 0001 to 9999", async () => {
    const tags = Array.from({ length: 10 }, (_, i) => `${i}${"😀".repeat(31)}`);
    expect((await create(alice, { title: "Full", tags })).tags).toEqual(tags);
    for (const dueDate of ["0001-01-01", "9999-12-31", "2024-02-29"]) {
      expect((await create(alice, { title: dueDate, dueDate })).dueDate).toBe(dueDate);
    }
  });
});

describe("tags", () => {
  it("keep the first spelling a person used, compared ignoring case", async () => {
    const first = await create(bob, { title: "One", tags: ["Garden"] });
    const second = await create(bob, { title: "Two", tags: ["GARDEN", "ärger"] });
    const third = await create(bob, { title: "Three", tags: ["Ärger"] });
    expect(first.tags).toEqual(["Garden"]);
    expect(second.tags).toEqual(["Garden", "ärger"]);
    expect(third.tags).toEqual(["ärger"]);
    expect(await tagsOf(bob)).toEqual(
      [
        { name: "ärger", count: 2 },
        { name: "Garden", count: 2 },
      ].sort((a, b) => (foldText(a.name) < foldText(b.name) ? -1 : 1)),
    );
  });

  it("are listed with their counts, only while some task carries them", async () => {
    const carol = await api.createUser();
    const a = await create(carol, { title: "a", tags: ["zeta", "Alpha"] });
    await create(carol, { title: "b", tags: ["alpha"] });
    expect(await tagsOf(carol)).toEqual([
      { name: "Alpha", count: 2 },
      { name: "zeta", count: 1 },
    ]);
    await api.call("PUT", `${carol.tasks}/${a.id}`, {
      token: carol.token,
      body: { tags: ["Zeta"] },
    });
    expect(await tagsOf(carol)).toEqual([
      { name: "Alpha", count: 1 },
      { name: "zeta", count: 1 },
    ]);
    await api.call("DELETE", `${carol.tasks}/${a.id}`, { token: carol.token });
    expect(await tagsOf(carol)).toEqual([{ name: "Alpha", count: 1 }]);
  });

  it("are each person's own: another's spelling and counts never show", async () => {
    const dave = await api.createUser();
    const erin = await api.createUser();
    await create(dave, { title: "d", tags: ["Shared"] });
    const task = await create(erin, { title: "e", tags: ["SHARED"] });
    expect(task.tags).toEqual(["SHARED"]);
    expect(await tagsOf(erin)).toEqual([{ name: "SHARED", count: 1 }]);
    expect(await tagsOf(dave)).toEqual([{ name: "Shared", count: 1 }]);
    const trespass = await api.call("GET", `/api/${dave.id}/tags`, { token: erin.token });
    expect(trespass.status).toBe(403);
    const post = await api.call("POST", `/api/${dave.id}/tags`, { token: dave.token, body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});
