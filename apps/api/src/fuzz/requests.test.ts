/**
 * Fuzzing the request line (R-K8, R-K10, R-T4–R-T6): any query string on the list and the
 * counts, any path segment in place of the user id and the task id, and unknown paths and
 * methods. Every answer keeps the invariants in invariants.ts; where the spec says which
 * status a request gets, it gets that one.
 */
import { taskIdSchema } from "@tasks/contracts";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { body, method, TASK_METHODS } from "./arbitraries.ts";
import { bearer, check, clip, exists } from "./invariants.ts";
import { RUNS, seedTasks, setUpFuzzing } from "./setup.ts";
import {
  COUNT_PARAMS,
  KNOWN_PARAMS,
  pathSegment,
  queryParam,
  type Segment,
} from "./url-arbitraries.ts";

const world = setUpFuzzing();

describe("fuzzing the API: query strings, paths and methods", { timeout: 60_000 }, () => {
  beforeEach(() => seedTasks(world()));

  it("takes any query string on the list and counts", async () => {
    const fuzz = world();
    const { alice } = fuzz;
    const param = queryParam(fuzz);
    await fc.assert(
      fc.asyncProperty(
        fc.array(param, { maxLength: 5 }),
        fc.constantFrom("", "&", "&&", "&=", "#fragment"),
        fc.boolean(),
        async (params, suffix, counts) => {
          const query = params.map(({ raw, value: v }) => `${raw}=${v}`).join("&");
          const path = `${alice.tasks}${counts ? "/counts" : ""}?${query}${suffix}`;
          const { answer } = await check(fuzz, {
            method: "GET",
            path,
            headers: bearer(alice.token),
          });
          const label = `GET ${clip(path)} → ${answer.status} ${clip(answer.text)}`;
          const keys = params.map((p) => p.key);
          const accepted = counts ? COUNT_PARAMS : KNOWN_PARAMS;
          const unknown = keys.some((key) => !accepted.has(key));
          const repeated = new Set(keys).size < keys.length;
          const plain = params.every((p) => KNOWN_PARAMS.get(p.key)?.includes(p.value));
          if (unknown || repeated) expect(answer.status, label).toBe(400);
          else if (plain) expect(answer.status, label).toBe(200);
          else expect([200, 400], label).toContain(answer.status);
          if (answer.status === 400)
            expect(JSON.parse(answer.text).errors.length, label).toBeGreaterThan(0);
        },
      ),
      RUNS,
    );
  });

  it("takes any path segment in place of the user id and the task id", async () => {
    const fuzz = world();
    const { alice, bob, oddTokens } = fuzz;
    const segment = pathSegment(fuzz);
    const ROUTES: [string, string[]][] = [
      ["/api/{u}/tasks", ["GET", "POST", "DELETE"]],
      ["/api/{u}/tasks/counts", ["GET"]],
      ["/api/{u}/tasks/bulk", ["POST"]],
      ["/api/{u}/tasks/export", ["GET"]],
      ["/api/{u}/tasks/import", ["POST"]],
      ["/api/{u}/tags", ["GET"]],
      ["/api/{u}/tasks/{t}", ["GET", "PUT", "DELETE"]],
      ["/api/{u}/tasks/{t}/complete", ["PATCH"]],
    ];
    const caller = fc.oneof(
      { weight: 4, arbitrary: fc.constant("alice") },
      { weight: 2, arbitrary: fc.constant("bob") },
      { weight: 1, arbitrary: fc.constant("none") },
      { weight: 1, arbitrary: fc.constantFrom(...oddTokens.map((t) => t.sub)) },
    );
    const user = fc.oneof(
      { weight: 4, arbitrary: fc.constant("self") },
      { weight: 2, arbitrary: fc.constantFrom("alice", "bob") },
      { weight: 3, arbitrary: segment },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...TASK_METHODS) },
          { weight: 1, arbitrary: method },
        ),
        user,
        segment,
        caller,
        async ([template, allowed], verb, where, task, who) => {
          const odd = oddTokens.find((t) => t.sub === who);
          const self = odd?.sub ?? (who === "bob" ? bob.id : alice.id);
          const named =
            typeof where === "string" ? { alice: alice.id, bob: bob.id, self }[where] : undefined;
          const u: Segment =
            named === undefined
              ? (where as Segment)
              : { raw: encodeURIComponent(named), decoded: named };
          const path = template.replace("{u}", u.raw).replace("{t}", task.raw);
          const jwt =
            odd?.token ??
            new Map([
              ["alice", alice.token],
              ["bob", bob.token],
            ]).get(who);
          const headers: [string, string][] = jwt ? bearer(jwt) : [];
          let payload: string | undefined;
          if (verb === "PUT") payload = '{"title":"renamed"}';
          if (verb === "POST") payload = '{"title":"new"}';
          if (payload) headers.push(["content-type", "application/json"]);
          const { answer, before } = await check(fuzz, {
            method: verb,
            path,
            headers,
            body: payload,
          });
          const label = `${verb} ${clip(path)} as ${who} → ${answer.status} ${clip(answer.text)}`;

          const upper = verb.toUpperCase();
          const routed =
            u.decoded !== undefined && (!template.includes("{t}") || task.decoded !== undefined);
          if (!routed || upper === "OPTIONS") return;
          if (who === "none") {
            expect(answer.status, label).toBe(401);
            expect(answer.headers.get("www-authenticate"), label).toMatch(/^Bearer/);
            return;
          }
          if (who === "bob" && u.decoded !== bob.id) {
            expect(answer.status, label).toBe(403);
            return;
          }
          if (who !== "alice" || u.decoded !== alice.id) return;
          if (!allowed.includes(upper)) {
            if (TASK_METHODS.includes(upper)) {
              expect(answer.status, label).toBe(405);
              expect(answer.headers.get("allow"), label).toBe(
                [...allowed.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])), "OPTIONS"].join(
                  ", ",
                ),
              );
            }
            return;
          }
          if (!template.includes("{t}")) return;
          const id = task.decoded ?? "";
          if (!taskIdSchema.safeParse(id).success) expect(answer.status, label).toBe(400);
          else if (!exists(before, alice.id, id)) expect(answer.status, label).toBe(404);
          else expect(answer.status, label).toBeLessThan(300);
        },
      ),
      RUNS,
    );
  });

  it("takes unknown paths and methods", async () => {
    const fuzz = world();
    const { alice, bob, aliceIds } = fuzz;
    const [a, b, t] = [alice.id, bob.id, aliceIds[0]];
    const path = fc.oneof(
      fc.constantFrom(
        ...["/", "/api", "/api/", "/api/tasks", `/api/${a}`, `/api/${a}/`, `/api/${a}/task`],
        ...[`/api/${a}/tasks/`, `/api/${a}/tasks/counts/x`, `/api/${a}/tasks/${t}/`],
        ...[`/api/${a}/tasks/${t}/completed`, `/api/${a}/tasks/${t}/complete/x`],
        ...[`//api/${a}/tasks`, `/API/${a}/tasks`, `/api/${a}/tasks;x`, `/api/${a}/tasks%2F${t}`],
        ...[`/api/${a}/../${b}/tasks`, `/api/${b}/tasks/%2e%2e/%2e%2e/${a}/tasks`],
        ...["/health", "/ready", "/openapi.json", "/docs", "/docs/", "/favicon.ico"],
      ),
      fc.webPath(),
      fc.webPath().map((p) => `/api/${a}${p}`),
    );
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        fc.constantFrom("alice", "bob", "none"),
        fc.option(body, { freq: 3 }),
        async (verb, where, who, payload) => {
          const token = { alice: alice.token, bob: bob.token, none: undefined }[who];
          const headers: [string, string][] = [
            ...(token ? bearer(token) : []),
            ["content-type", "application/json"],
          ];
          await check(fuzz, { method: verb, path: where, headers, body: payload ?? undefined });
        },
      ),
      RUNS,
    );
  });
});

describe("bugs the fuzzing found, kept as regression tests", () => {
  it("refuses __proto__ in a query string as an unknown parameter (R-K10)", async () => {
    const { api, alice } = world();
    const response = await api.call("GET", `${alice.tasks}?__proto__=1`, { token: alice.token });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: "__proto__", message: "Unknown field" }]);
  });

  it("answers every wrong method on /counts with 405 and Allow: GET, HEAD, OPTIONS", async () => {
    const { api, alice } = world();
    for (const verb of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await api.call(verb, `${alice.tasks}/counts`, {
        token: alice.token,
        body: { title: "x" },
      });
      expect(response.status, verb).toBe(405);
      expect(response.headers.get("allow"), verb).toBe("GET, HEAD, OPTIONS");
    }
  });
});
