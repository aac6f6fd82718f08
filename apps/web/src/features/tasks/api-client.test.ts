/**
 * The API client against a real HTTP server on loopback that plays the tasks API: it
 * accepts only the token named `valid`, and answers 401 with WWW-Authenticate otherwise.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SessionExpiredError } from "../auth/session-expired.ts";
import { ApiProblem, createTasksApi } from "./api-client.ts";

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  ifMatch?: string;
  idempotencyKey?: string;
  body: string;
}

let server: http.Server;
let apiUrl: string;
let seen: Seen[] = [];
let valid = "fresh-token";

const task = {
  id: randomUUID(),
  userId: "user 1",
  title: "Water the plants",
  description: null,
  completed: false,
  dueDate: null,
  priority: "none",
  tags: [],
  version: 1,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

function answer(response: http.ServerResponse, status: number, body?: unknown) {
  const type = status >= 400 ? "application/problem+json" : "application/json";
  response.writeHead(status, body === undefined ? {} : { "content-type": type });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      const { method = "", url = "", headers } = request;
      seen.push({ method, url, authorization: headers.authorization, body });
      const last = seen.at(-1) as Seen;
      if (headers["if-match"]) last.ifMatch = headers["if-match"];
      if (headers["idempotency-key"]) last.idempotencyKey = String(headers["idempotency-key"]);
      if (headers["if-match"] === '"9"') {
        return answer(response, 412, { title: "Precondition Failed", status: 412 });
      }
      if (headers.authorization !== `Bearer ${valid}`) {
        response.setHeader("www-authenticate", "Bearer");
        return answer(response, 401, { type: "about:blank", title: "Unauthorized", status: 401 });
      }
      if (url.endsWith("/missing")) {
        return answer(response, 404, { title: "Not Found", status: 404, detail: "No such task" });
      }
      if (method === "DELETE") return answer(response, 204);
      if (method === "GET" && url.includes("/tasks?")) {
        return answer(response, 200, { tasks: [task], nextCursor: null });
      }
      return answer(response, method === "POST" ? 201 : 200, task);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  valid = "fresh-token";
});

/** A client whose current token is `current`, and whose renewal gives `renewed`. */
function client(current: string, renewed: () => Promise<string>) {
  const calls = { renew: 0, expired: 0 };
  const api = createTasksApi({
    apiUrl,
    userId: "user 1",
    getToken: async () => current,
    renewToken: () => {
      calls.renew++;
      return renewed();
    },
    onSessionExpired: () => {
      calls.expired++;
    },
  });
  return { api, calls };
}

describe("createTasksApi", () => {
  it("sends the token as a Bearer header to the person's own path", async () => {
    const { api, calls } = client("fresh-token", async () => "unused");
    const page = await api.list({ status: "pending", limit: 50 });
    expect(page.tasks).toEqual([task]);
    expect(seen).toEqual([
      {
        method: "GET",
        url: "/api/user%201/tasks?status=pending&limit=50",
        authorization: "Bearer fresh-token",
        body: "",
      },
    ]);
    expect(await api.create({ title: "Water the plants" })).toEqual(task);
    expect(seen[1]).toMatchObject({ method: "POST", body: '{"title":"Water the plants"}' });
    expect(calls).toEqual({ renew: 0, expired: 0 });
  });

  it("after a 401 renews the token once and retries with the new one", async () => {
    const { api, calls } = client("stale-token", async () => "fresh-token");
    expect(await api.setCompleted(task, true)).toEqual(task);
    expect(seen.map((s) => [s.method, s.authorization, s.body])).toEqual([
      ["PATCH", "Bearer stale-token", '{"completed":true}'],
      ["PATCH", "Bearer fresh-token", '{"completed":true}'],
    ]);
    expect(calls).toEqual({ renew: 1, expired: 0 });
  });

  it("after a second 401 says the session has ended, and throws", async () => {
    valid = "nothing-the-client-has";
    const { api, calls } = client("stale-token", async () => "renewed-token");
    await expect(api.remove(task)).rejects.toBeInstanceOf(SessionExpiredError);
    expect(seen).toHaveLength(2);
    expect(calls).toEqual({ renew: 1, expired: 1 });
  });

  it("leaves a session found ended while renewing to the token source", async () => {
    const { api, calls } = client("stale-token", async () => {
      throw new SessionExpiredError();
    });
    await expect(api.counts()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(seen).toHaveLength(1);
    expect(calls).toEqual({ renew: 1, expired: 0 });
  });

  it("turns any other refusal into an ApiProblem, without renewing", async () => {
    const { api, calls } = client("fresh-token", async () => "unused");
    const refusal = await api
      .update({ id: "missing", version: 1 }, { title: "x" })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiProblem);
    expect(refusal).toMatchObject({ status: 404, message: "No such task" });
    expect(calls).toEqual({ renew: 0, expired: 0 });
  });

  it("sends the version last read as If-Match, and a changed task is a 412 ApiProblem", async () => {
    const { api } = client("fresh-token", async () => "unused");
    await api.update({ id: task.id, version: 3 }, { title: "x" });
    expect(seen[0]).toMatchObject({ method: "PUT", ifMatch: '"3"' });
    const refusal = await api.remove({ id: task.id, version: 9 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiProblem);
    expect(refusal).toMatchObject({ status: 412 });
  });

  it("sends a create's Idempotency-Key, the same on every retry, and none when not given", async () => {
    const { api } = client("fresh-token", async () => "unused");
    await api.create({ title: "Once" }, "key-1");
    await api.create({ title: "Once" }, "key-1");
    await api.create({ title: "Other" });
    expect(seen.map((s) => s.idempotencyKey)).toEqual(["key-1", "key-1", undefined]);
  });

  it("stops the list, counts and tags when their signal is aborted", async () => {
    const { api } = client("fresh-token", async () => "unused");
    const aborted = AbortSignal.abort();
    for (const call of [api.list({}, aborted), api.counts({}, aborted), api.tags(aborted)]) {
      await expect(call).rejects.toMatchObject({ name: "AbortError" });
    }
    expect(seen).toEqual([]);
  });

  it("answers a delete with nothing", async () => {
    const { api } = client("fresh-token", async () => "unused");
    await expect(api.remove(task)).resolves.toBeUndefined();
  });
});
