import {
  createTestDatabase,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
} from "@tasks/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "./testing/harness.ts";

let database: TestDatabase;
let proxy: TcpProxy;
let api: Harness;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  proxy = await startTcpProxy(database.url);
  api = await startHarness({ databaseUrl: proxy.url });
  alice = await api.createUser();
  bob = await api.createUser();
});
afterAll(async () => {
  await api?.close();
  await proxy?.close();
  await database?.drop();
});

describe("when the database is unreachable", () => {
  it("answers 503 problems, stays live, and recovers on its own", async () => {
    const created = await api.call("POST", alice.tasks, {
      token: alice.token,
      body: { title: "Before" },
    });
    expect(created.status).toBe(201);

    proxy.cut();
    const started = Date.now();
    for (const [method, path, body] of [
      ["GET", alice.tasks, undefined],
      ["POST", alice.tasks, { title: "During" }],
      ["GET", `${alice.tasks}/${created.json.id}`, undefined],
      ["PUT", `${alice.tasks}/${created.json.id}`, { title: "x" }],
      ["PATCH", `${alice.tasks}/${created.json.id}/complete`, undefined],
      ["DELETE", `${alice.tasks}/${created.json.id}`, undefined],
    ] as const) {
      const response = await api.call(method, path, { token: alice.token, body });
      expect(response.status, `${method} ${path}`).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("retry-after")).toBe("5");
      expect(response.json).toMatchObject({ status: 503, title: "Service unavailable" });
      expect(response.json.detail).toMatch(/try again/i);
      expect(response.text).not.toMatch(/ECONN|stack|at \w+ \(/);
    }
    expect(Date.now() - started).toBeLessThan(10_000);

    // Decisions that need no database are unaffected.
    expect((await api.call("GET", alice.tasks, { token: bob.token })).status).toBe(403);
    expect((await api.call("GET", alice.tasks)).status).toBe(401);
    expect((await api.call("GET", "/health")).status).toBe(200);
    const ready = await api.call("GET", "/ready");
    expect(ready.status).toBe(503);
    expect(ready.json.status).toBe(503);

    proxy.restore();
    expect((await api.call("GET", "/ready")).status).toBe(200);
    const after = await api.call("GET", alice.tasks, { token: alice.token });
    expect(after.status).toBe(200);
    expect(after.json.tasks.map((t: { title: string }) => t.title)).toEqual(["Before"]);
  });
});
