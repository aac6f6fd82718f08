import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../testing/harness.ts";

let api: Harness;
let alice: TestUser;

beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
});
afterAll(() => api?.close());

type Operation = { responses: Record<string, unknown>; requestBody?: { required?: boolean } };

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document", async () => {
    const response = await api.call("GET", "/openapi.json");
    expect(response.status).toBe(200);
    expect(response.json.openapi).toBe("3.1.0");
    expect(response.json.components.schemas).toHaveProperty("Task");
    expect(response.json.components.schemas).toHaveProperty("Problem");
  });

  it("defines every schema it refers to", async () => {
    const document = (await api.call("GET", "/openapi.json")).json;
    const refs = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1],
    );
    for (const ref of new Set(refs))
      expect(document.components.schemas, ref).toHaveProperty(ref as string);
  });

  it("describes every route the app serves, and nothing else", async () => {
    const document = (await api.call("GET", "/openapi.json")).json;
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item as object)
        .filter((key) => key !== "parameters")
        .map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    const served = api.app.routes
      .filter((route) => route.method !== "ALL" && !["/docs", "/openapi.json"].includes(route.path))
      .map((route) => `${route.method} ${route.path.replace(/\/$/, "")}`);
    expect(new Set(served)).toEqual(new Set(documented));
  });

  it("lists the status each operation really answers", async () => {
    const document = (await api.call("GET", "/openapi.json")).json;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
        if (method === "parameters") continue;
        const created = await api.call("POST", alice.tasks, {
          token: alice.token,
          body: { title: "doc" },
        });
        const url = path.replace("{user_id}", alice.id).replace("{id}", created.json.id);
        const body = ["post", "put"].includes(method) ? { title: "documented" } : undefined;
        const response = await api.call(method.toUpperCase(), url, { token: alice.token, body });
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain(
          String(response.status),
        );
        const invalid = await api.call(
          method.toUpperCase(),
          url.replace(alice.id, "someone-else"),
          { token: alice.token },
        );
        if (path.startsWith("/api/"))
          expect(Object.keys(operation.responses)).toContain(String(invalid.status));
      }
    }
  });
});

describe("every operation under /api", () => {
  it("refuses a query parameter it does not take, or one not percent-encoded, with a documented 400 naming it, and changes nothing (R-K10)", async () => {
    const document = (await api.call("GET", "/openapi.json")).json;
    const person = await api.createUser();
    const task = await api.call("POST", person.tasks, {
      token: person.token,
      body: { title: "kept" },
    });
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith("/api/")) continue;
      for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
        if (method === "parameters") continue;
        const url = path.replace("{user_id}", person.id).replace("{id}", task.json.id);
        const body = ["post", "put"].includes(method) ? { title: "changed" } : undefined;
        for (const [query, field] of [
          ["unexpected=1", "unexpected"],
          ["a=%FF", "a"],
        ] as const) {
          const refused = await api.call(method.toUpperCase(), `${url}?${query}`, {
            token: person.token,
            body,
          });
          const where = `${method.toUpperCase()} ${path}?${query}`;
          expect(refused.status, where).toBe(400);
          expect(Object.keys(operation.responses), where).toContain("400");
          expect(
            (refused.json.errors as { field: string }[]).map((e) => e.field),
            where,
          ).toContain(field);
        }
      }
    }
    const tasks = await api.call("GET", person.tasks, { token: person.token });
    expect(tasks.json.tasks.map((t: { title: string }) => t.title)).toEqual(["kept"]);
    expect(tasks.json.tasks[0].completed).toBe(false);
  });
});

describe("GET /docs", () => {
  it("is a readable page that loads nothing from elsewhere", async () => {
    const response = await api.call("GET", "/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.text).toContain("/api/{user_id}/tasks/{id}/complete");
    expect(response.text).toContain('id="problem-validation"');
    expect(response.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(response.text).not.toMatch(/<script/);
  });
});
