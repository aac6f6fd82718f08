/**
 * Safe edits (SPEC R-K17, R-K18): task answers carry an ETag, and a write with If-Match
 * for a version that is no longer current is 412 and changes nothing; a create with an
 * Idempotency-Key happens once, whatever the retries, on the database every instance shares.
 */
import type { Task } from "@tasks/contracts";
import { deleteExpiredIdempotencyKeys, schema } from "@tasks/db";
import { eq } from "drizzle-orm";
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

async function create(user = alice, body: unknown = { title: "Edit me", tags: ["T"] }) {
  const response = await api.call("POST", user.tasks, { token: user.token, body });
  expect(response.status).toBe(201);
  return response;
}

const countOf = async (user: TestUser) =>
  (await api.call("GET", `${user.tasks}/counts`, { token: user.token })).json.all as number;

describe("ETag and If-Match", () => {
  it("every task answer carries the task's version as a strong ETag", async () => {
    const created = await create();
    const task: Task = created.json;
    expect(created.headers.get("etag")).toBe('"1"');
    const url = `${alice.tasks}/${task.id}`;
    const read = await api.call("GET", url, { token: alice.token });
    expect(read.headers.get("etag")).toBe('"1"');
    const put = await api.call("PUT", url, { token: alice.token, body: { title: "Edited" } });
    expect([put.headers.get("etag"), put.json.version]).toEqual(['"2"', 2]);
    const patch = await api.call("PATCH", `${url}/complete`, { token: alice.token });
    expect([patch.headers.get("etag"), patch.json.version]).toEqual(['"3"', 3]);
  });

  it("a current If-Match writes; a stale one is 412 with the current ETag, and nothing changes", async () => {
    const task: Task = (await create()).json;
    const url = `${alice.tasks}/${task.id}`;
    const ok = await api.call("PUT", url, {
      token: alice.token,
      body: { title: "Mine" },
      headers: { "if-match": '"1"' },
    });
    expect(ok.status).toBe(200);
    const writes: [string, string, unknown][] = [
      ["PUT", url, { title: "Lost update", tags: ["Brand new tag"] }],
      ["PATCH", `${url}/complete`, undefined],
      ["PATCH", `${url}/complete`, { completed: true }],
      ["DELETE", url, undefined],
    ];
    for (const [method, path, body] of writes) {
      for (const ifMatch of ['"1"', 'W/"2"', '"1", "3"', '"abc"', '""']) {
        const stale = await api.call(method, path, {
          token: alice.token,
          body,
          headers: { "if-match": ifMatch },
        });
        expect(stale.status, `${method} ${ifMatch}`).toBe(412);
        expect(stale.headers.get("content-type")).toBe("application/problem+json");
        expect(stale.headers.get("etag")).toBe('"2"');
        expect(stale.json).toMatchObject({ status: 412, title: "Precondition failed" });
      }
    }
    const after = await api.call("GET", url, { token: alice.token });
    expect(after.json).toEqual(ok.json);
    const tags = await api.call("GET", `/api/${alice.id}/tags`, { token: alice.token });
    expect(tags.json.tags.map((t: { name: string }) => t.name)).not.toContain("Brand new tag");
  });

  it("takes a list holding the current version, and * for any", async () => {
    const task: Task = (await create()).json;
    const url = `${alice.tasks}/${task.id}`;
    const listed = await api.call("PATCH", `${url}/complete`, {
      token: alice.token,
      headers: { "if-match": '"7", W/"1", "1"' },
    });
    expect(listed.status).toBe(200);
    const any = await api.call("PUT", url, {
      token: alice.token,
      body: { tags: ["X"] },
      headers: { "if-match": "*" },
    });
    expect(any.status).toBe(200);
    const current = await api.call("DELETE", url, {
      token: alice.token,
      headers: { "if-match": '"3"' },
    });
    expect(current.status).toBe(204);
  });

  it("reads a comma inside a quoted ETag as part of it, the same for PUT, PATCH and DELETE", async () => {
    const task: Task = (await create()).json;
    const url = `${alice.tasks}/${task.id}`;
    const writes: [string, string, unknown][] = [
      ["PUT", url, { title: "Listed" }],
      ["PATCH", `${url}/complete`, { completed: true }],
      ["DELETE", url, undefined],
    ];
    for (const [index, [method, path, body]] of writes.entries()) {
      const version = index + 1;
      for (const stale of ['"a,b"', `"${version},", W/"${version}"`, `"x,${version}" ,`]) {
        const refused = await api.call(method, path, {
          token: alice.token,
          body,
          headers: { "if-match": stale },
        });
        expect(refused.status, `${method} ${stale}`).toBe(412);
      }
      const written = await api.call(method, path, {
        token: alice.token,
        body,
        headers: { "if-match": `"a,b", "${version}"` },
      });
      expect(written.status, method).toBe(method === "DELETE" ? 204 : 200);
    }
  });

  it("is 404, not 412, for a task that is not the caller's, and 400 for a malformed If-Match", async () => {
    const bobs: Task = (await create(bob)).json;
    for (const ifMatch of ['"1"', '"9"']) {
      const response = await api.call("PUT", `${alice.tasks}/${bobs.id}`, {
        token: alice.token,
        body: { title: "x" },
        headers: { "if-match": ifMatch },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get("etag")).toBeNull();
    }
    const task: Task = (await create()).json;
    for (const malformed of ["1", '"1', "W/1", '"1" "2"', '"a"b"', "**"]) {
      const response = await api.call("DELETE", `${alice.tasks}/${task.id}`, {
        token: alice.token,
        headers: { "if-match": malformed },
      });
      expect(response.status, malformed).toBe(400);
      expect(response.json.errors).toEqual([
        { field: "If-Match", message: 'If-Match must be * or a list of ETags, such as "3"' },
      ]);
    }
    expect(
      (await api.call("GET", `${alice.tasks}/${task.id}`, { token: alice.token })).status,
    ).toBe(200);
  });
});

describe("Idempotency-Key", () => {
  const post = (key: string, body: unknown, user = alice) =>
    api.call("POST", user.tasks, { token: user.token, body, headers: { "idempotency-key": key } });

  it("creates once: a retry gets the first answer again, same status, body and Location", async () => {
    const before = await countOf(alice);
    const body = { title: "Pay rent", dueDate: "2026-05-01", tags: ["Money"] };
    const first = await post("rent-2026-05", body);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // The task changes meanwhile; the retry still gets the first answer.
    await api.call("PATCH", `${alice.tasks}/${first.json.id}/complete`, { token: alice.token });
    for (const retry of [body, { tags: ["Money"], dueDate: "2026-05-01", title: "  Pay rent " }]) {
      const again = await post("rent-2026-05", retry);
      expect(again.status).toBe(201);
      expect(again.text).toBe(first.text);
      expect(again.headers.get("location")).toBe(first.headers.get("location"));
      expect(again.headers.get("etag")).toBe('"1"');
      expect(again.headers.get("idempotent-replayed")).toBe("true");
    }
    expect(await countOf(alice)).toBe(before + 1);
  });

  it("refuses the same key with another body (422), creating nothing", async () => {
    await post("key-1", { title: "One" });
    const before = await countOf(alice);
    const other = await post("key-1", { title: "Two" });
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toBe("application/problem+json");
    expect(other.json).toMatchObject({ status: 422, errors: [{ field: "Idempotency-Key" }] });
    expect(await countOf(alice)).toBe(before);
  });

  it("keeps keys per person", async () => {
    const mine = await post("shared-key", { title: "Alice's" });
    const his = await post("shared-key", { title: "Bob's" }, bob);
    expect(his.status).toBe(201);
    expect(his.json.userId).toBe(bob.id);
    expect(his.json.id).not.toBe(mine.json.id);
  });

  it("answers retries racing each other with one task", async () => {
    const before = await countOf(alice);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post("racing", { title: "Once only" })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    expect(await countOf(alice)).toBe(before + 1);
  });

  it("does not spend a key on a refused body, and refuses a malformed key", async () => {
    expect((await post("fresh", { title: "" })).status).toBe(400);
    expect((await post("fresh", { title: "Now valid" })).status).toBe(201);
    for (const key of ["", "has space", "x".repeat(256), "caf\u00e9"]) {
      const response = await post(key, { title: "x" });
      expect(response.status, key).toBe(400);
      expect(response.json.errors[0].field).toBe("Idempotency-Key");
    }
    expect((await post("~!x".repeat(85), { title: "255 visible" })).status).toBe(201);
  });

  it("forgets a key after 24 hours, and the housekeeping function deletes only expired keys", async () => {
    await post("old-key", { title: "Yesterday" });
    await post("new-key", { title: "Today" });
    const key = schema.idempotencyKey;
    await api.db
      .update(key)
      .set({ createdAt: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(key.key, "old-key"));
    const reused = await post("old-key", { title: "Something else" });
    expect(reused.status).toBe(201);
    expect(reused.json.title).toBe("Something else");
    await api.db
      .update(key)
      .set({ createdAt: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(key.key, "old-key"));
    expect(await deleteExpiredIdempotencyKeys(api.db)).toBe(1);
    const left = await api.db.select({ key: key.key }).from(key).where(eq(key.userId, alice.id));
    expect(left.map((row) => row.key)).toContain("new-key");
    expect(left.map((row) => row.key)).not.toContain("old-key");
  });
});
