import type { Task } from "@tasks/contracts";
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../http/body-limit.ts";
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

async function create(
  user: TestUser,
  body: Record<string, unknown> = { title: "Buy milk" },
): Promise<Task> {
  const response = await api.call("POST", user.tasks, { token: user.token, body });
  expect(response.status).toBe(201);
  return response.json;
}

async function stored(id: string) {
  const rows = await api.db.select().from(schema.task).where(eq(schema.task.id, id));
  return rows[0];
}

const MISSING_ID = "5f3a0c4e-2b7d-4e1a-9c8b-0d6e4f2a1b3c";

describe("POST /api/{user_id}/tasks", () => {
  it("creates a task owned by the token's user, with a Location", async () => {
    const response = await api.call("POST", alice.tasks, {
      token: alice.token,
      body: { title: "  Write report  ", description: "Quarterly" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("location")).toBe(`${alice.tasks}/${response.json.id}`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.json).toMatchObject({
      userId: alice.id,
      title: "Write report",
      description: "Quarterly",
      completed: false,
    });
    expect(response.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(response.json.createdAt)).not.toBeNaN();
    expect(response.json.updatedAt).toBe(response.json.createdAt);
  });

  it("refuses a user id in the body: ownership comes only from the token", async () => {
    const response = await api.call("POST", alice.tasks, {
      token: alice.token,
      body: { title: "Sneaky", userId: bob.id },
    });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: "userId", message: "Unknown field" }]);
  });

  it("round-trips any Unicode text, in NFC (SPEC R-A11)", async () => {
    const title = "Ünïcødé ✓ 日本語 עברית 👩🏽‍💻 e\u0301";
    const description = 'Line one\nLine two\t🙂 "quoted" \\ back e\u0301';
    const task = await create(alice, { title, description });
    expect(task.title).toBe(title.normalize("NFC"));
    const fetched = await api.call("GET", `${alice.tasks}/${task.id}`, { token: alice.token });
    expect(fetched.json.title).toBe(title.normalize("NFC"));
    expect(fetched.json.title).toContain("é");
    expect(fetched.json.description).toBe(description.normalize("NFC"));
  });

  it("counts length in characters, not UTF-16 units", async () => {
    await create(alice, { title: "😀".repeat(200), description: "😀".repeat(1000) });
    const tooLong = await api.call("POST", alice.tasks, {
      token: alice.token,
      body: { title: "😀".repeat(201) },
    });
    expect(tooLong.status).toBe(400);
  });

  const invalidBodies: [string, unknown, string][] = [
    ["no title", { description: "x" }, "title"],
    ["an empty title", { title: "" }, "title"],
    ["a blank title", { title: " \t\n " }, "title"],
    ["a 201-character title", { title: "a".repeat(201) }, "title"],
    ["a numeric title", { title: 42 }, "title"],
    ["a null title", { title: null }, "title"],
    ["an array title", { title: ["a"] }, "title"],
    ["a 1001-character description", { title: "a", description: "d".repeat(1001) }, "description"],
    ["a numeric description", { title: "a", description: 1 }, "description"],
    ["a string completed", { title: "a", completed: "true" }, "completed"],
    ["an unknown field", { title: "a", priority: 1 }, "priority"],
    ["an id", { title: "a", id: MISSING_ID }, "id"],
    ["a NUL character", { title: "a\u0000b" }, "title"],
    ["an array body", [{ title: "a" }], "body"],
    ["a null body", null, "body"],
    ["a string body", '"title"', "body"],
    ["invalid JSON", '{"title": ', "body"],
    ["trailing garbage", '{"title": "a"} x', "body"],
    ["an unpaired surrogate", '{"title": "a\\ud800b"}', "title"],
  ];

  it.each(invalidBodies)(
    "answers 400 naming the field for %s, and writes nothing",
    async (_name, body, field) => {
      const before = await api.call("GET", alice.tasks, { token: alice.token });
      const response = await api.call("POST", alice.tasks, {
        token: alice.token,
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.json).toMatchObject({
        type: "/docs#problem-validation",
        title: "Invalid request",
        status: 400,
      });
      expect(response.json.detail).toEqual(expect.any(String));
      expect(response.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      const after = await api.call("GET", alice.tasks, { token: alice.token });
      expect(after.json.tasks).toEqual(before.json.tasks);
    },
  );

  it("accepts limits exactly at each bound", async () => {
    const task = await create(alice, {
      title: "t".repeat(200),
      description: "d".repeat(1000),
      completed: true,
    });
    expect(task.title).toHaveLength(200);
    expect(task.completed).toBe(true);
    const empty = await create(alice, { title: "x", description: "" });
    expect(empty.description).toBe("");
  });

  it("answers 413 for a body over the limit, and 415 for a body that is not JSON", async () => {
    const huge = JSON.stringify({ title: "a", description: "d".repeat(MAX_BODY_BYTES) });
    expect((await api.call("POST", alice.tasks, { token: alice.token, body: huge })).status).toBe(
      413,
    );
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 64; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const streamed = await api.app.request(alice.tasks, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.token}`, "content-type": "application/json" },
      body: chunked,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const text = await api.call("POST", alice.tasks, {
      token: alice.token,
      body: '{"title":"a"}',
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
  });
});

describe("GET /api/{user_id}/tasks/{id}", () => {
  it("returns the task", async () => {
    const task = await create(alice);
    const response = await api.call("GET", `${alice.tasks}/${task.id}`, { token: alice.token });
    expect(response.status).toBe(200);
    expect(response.json).toEqual(task);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    const missing = await api.call("GET", `${alice.tasks}/${MISSING_ID}`, { token: alice.token });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ type: "/docs#problem-not-found", status: 404 });
    for (const bad of ["123", "not-a-uuid", "%00", `${MISSING_ID}x`, "x".repeat(5000)]) {
      const response = await api.call("GET", `${alice.tasks}/${bad}`, { token: alice.token });
      expect(response.status, bad).toBe(400);
      expect(response.json.errors[0].field).toBe("id");
    }
  });
});

describe("PUT /api/{user_id}/tasks/{id}", () => {
  it("changes the given fields and keeps the rest", async () => {
    const task = await create(alice, { title: "Old", description: "Keep me" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await api.call("PUT", `${alice.tasks}/${task.id}`, {
      token: alice.token,
      body: { title: " New ", completed: true },
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      id: task.id,
      title: "New",
      description: "Keep me",
      completed: true,
    });
    expect(response.json.createdAt).toBe(task.createdAt);
    expect(Date.parse(response.json.updatedAt)).toBeGreaterThan(Date.parse(task.updatedAt));

    const cleared = await api.call("PUT", `${alice.tasks}/${task.id}`, {
      token: alice.token,
      body: { description: null },
    });
    expect(cleared.json.description).toBeNull();
  });

  it("writes nothing when any field is invalid", async () => {
    const task = await create(alice, { title: "Stable" });
    const response = await api.call("PUT", `${alice.tasks}/${task.id}`, {
      token: alice.token,
      body: { title: "Changed", description: "d".repeat(1001) },
    });
    expect(response.status).toBe(400);
    expect((await stored(task.id))?.title).toBe("Stable");
  });

  it("requires a body", async () => {
    const task = await create(alice);
    const response = await api.call("PUT", `${alice.tasks}/${task.id}`, { token: alice.token });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: "body", message: "A JSON body is required" }]);
  });

  it("refuses an empty change, and answers 404 for an unknown id", async () => {
    const task = await create(alice);
    expect(
      (await api.call("PUT", `${alice.tasks}/${task.id}`, { token: alice.token, body: {} })).status,
    ).toBe(400);
    const missing = await api.call("PUT", `${alice.tasks}/${MISSING_ID}`, {
      token: alice.token,
      body: { title: "x" },
    });
    expect(missing.status).toBe(404);
  });
});

describe("PATCH /api/{user_id}/tasks/{id}/complete", () => {
  it("toggles without a body", async () => {
    const task = await create(alice);
    const path = `${alice.tasks}/${task.id}/complete`;
    expect((await api.call("PATCH", path, { token: alice.token })).json.completed).toBe(true);
    expect((await api.call("PATCH", path, { token: alice.token })).json.completed).toBe(false);
  });

  it("toggles on an empty body whatever its content type says", async () => {
    const task = await create(alice);
    const path = `${alice.tasks}/${task.id}/complete`;
    for (const [type, completed] of [
      ["application/json", true],
      ["text/plain", false],
    ] as const) {
      const response = await api.call("PATCH", path, {
        token: alice.token,
        headers: { "content-type": type },
      });
      expect(response.status, type).toBe(200);
      expect(response.json.completed, type).toBe(completed);
    }
  });

  it("sets the given value, so a retry changes nothing", async () => {
    const task = await create(alice);
    const path = `${alice.tasks}/${task.id}/complete`;
    for (let i = 0; i < 2; i++) {
      const response = await api.call("PATCH", path, {
        token: alice.token,
        body: { completed: true },
      });
      expect(response.status).toBe(200);
      expect(response.json.completed).toBe(true);
    }
    const undone = await api.call("PATCH", path, {
      token: alice.token,
      body: { completed: false },
    });
    expect(undone.json.completed).toBe(false);
  });

  it("refuses a bad body and leaves the task alone", async () => {
    const task = await create(alice);
    const path = `${alice.tasks}/${task.id}/complete`;
    for (const body of [{}, { completed: "yes" }, { completed: true, title: "x" }, "nope"]) {
      const response = await api.call("PATCH", path, {
        token: alice.token,
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await stored(task.id))?.completed).toBe(false);
    expect(
      (await api.call("PATCH", `${alice.tasks}/${MISSING_ID}/complete`, { token: alice.token }))
        .status,
    ).toBe(404);
  });
});

describe("DELETE /api/{user_id}/tasks/{id}", () => {
  it("deletes with 204, then answers 404", async () => {
    const task = await create(alice);
    const first = await api.call("DELETE", `${alice.tasks}/${task.id}`, { token: alice.token });
    expect(first.status).toBe(204);
    expect(first.text).toBe("");
    expect(await stored(task.id)).toBeUndefined();
    expect(
      (await api.call("DELETE", `${alice.tasks}/${task.id}`, { token: alice.token })).status,
    ).toBe(404);
  });
});

describe("one person never reaches another's tasks", () => {
  it("answers 403 on every method when the path names someone else", async () => {
    const task = await create(alice, { title: "Alice's secret" });
    const calls: [string, string, unknown][] = [
      ["GET", alice.tasks, undefined],
      ["POST", alice.tasks, { title: "planted" }],
      ["GET", `${alice.tasks}/${task.id}`, undefined],
      ["PUT", `${alice.tasks}/${task.id}`, { title: "hijacked" }],
      ["PATCH", `${alice.tasks}/${task.id}/complete`, undefined],
      ["DELETE", `${alice.tasks}/${task.id}`, undefined],
      ["GET", `${alice.tasks}/not-even-a-uuid`, undefined],
    ];
    for (const [method, path, body] of calls) {
      const response = await api.call(method, path, { token: bob.token, body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.text).not.toContain("secret");
    }
    expect(await stored(task.id)).toMatchObject({
      title: "Alice's secret",
      completed: false,
      userId: alice.id,
    });
  });

  it("answers 404 for another person's task id under one's own path", async () => {
    const task = await create(alice, { title: "Alice only" });
    const calls: [string, string, unknown][] = [
      ["GET", `${bob.tasks}/${task.id}`, undefined],
      ["PUT", `${bob.tasks}/${task.id}`, { title: "hijacked" }],
      ["PATCH", `${bob.tasks}/${task.id}/complete`, undefined],
      ["PATCH", `${bob.tasks}/${task.id}/complete`, { completed: true }],
      ["DELETE", `${bob.tasks}/${task.id}`, undefined],
    ];
    for (const [method, path, body] of calls) {
      const response = await api.call(method, path, { token: bob.token, body });
      expect(response.status, `${method} ${path}`).toBe(404);
      // Same answer as for an id that exists nowhere.
      const nowhere = await api.call(method, path.replace(task.id, MISSING_ID), {
        token: bob.token,
        body,
      });
      expect(response.json).toEqual({ ...nowhere.json, instance: response.json.instance });
    }
    expect(await stored(task.id)).toMatchObject({
      title: "Alice only",
      completed: false,
      userId: alice.id,
    });
    const bobsList = await api.call("GET", bob.tasks, { token: bob.token });
    expect(bobsList.json.tasks.map((t: Task) => t.id)).not.toContain(task.id);
  });

  it("treats a token for a deleted account as invalid", async () => {
    const carol = await api.createUser();
    await api.db.delete(schema.user).where(eq(schema.user.id, carol.id));
    const response = await api.call("POST", carol.tasks, {
      token: carol.token,
      body: { title: "ghost" },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });
});

describe("other paths and methods", () => {
  it("answers unknown routes with a 404 problem", async () => {
    for (const path of ["/", "/nope", "/api", `/api/${alice.id}`, `/api/${alice.id}/nope`]) {
      const response = await api.call("GET", path, { token: alice.token });
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const collection = await api.call("PUT", alice.tasks, { token: alice.token, body: {} });
    expect(collection.status).toBe(405);
    expect(collection.headers.get("allow")).toBe("GET, HEAD, POST, DELETE, OPTIONS");
    const item = await api.call("POST", `${alice.tasks}/${MISSING_ID}`, {
      token: alice.token,
      body: { title: "x" },
    });
    expect(item.status).toBe(405);
    expect(item.headers.get("allow")).toBe("GET, HEAD, PUT, DELETE, OPTIONS");
  });

  it("answers CORS preflights from the web origin without a token", async () => {
    const response = await api.call("OPTIONS", alice.tasks, {
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "authorization",
    );

    const foreign = await api.call("GET", alice.tasks, {
      token: alice.token,
      headers: { origin: "http://evil.test" },
    });
    expect(foreign.headers.get("access-control-allow-origin")).not.toBe("http://evil.test");
  });
});
