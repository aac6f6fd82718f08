/**
 * Fuzzing request bodies (R-K8, R-K11): any body, with any content type, sent to create,
 * replace or complete a task. The owner gets exactly what the spec says; anyone else, 403;
 * and every answer keeps the invariants in invariants.ts.
 */
import {
  bulkRequestSchema,
  createTaskSchema,
  IMPORT_BYTES_MAX,
  importRequestSchema,
  setCompletionSchema,
  taskSchema,
  updateTaskSchema,
} from "@tasks/contracts";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../http/body-limit.ts";
import {
  body,
  collectionBody,
  contentType,
  headerValue,
  type TypeKind,
  withType,
} from "./arbitraries.ts";
import { bearer, check, describeRequest, exists } from "./invariants.ts";
import { RUNS, seedTasks, setUpFuzzing } from "./setup.ts";

const world = setUpFuzzing();

/** What the spec says a body sent by the path's owner gets, or every acceptable answer. */
type Route = "POST" | "PUT" | "PATCH" | "BULK" | "IMPORT";

function bodyVerdict(
  route: Route,
  found: boolean,
  type: TypeKind,
  payload: string | Uint8Array,
): number[] {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  if (bytes.length > (route === "IMPORT" ? IMPORT_BYTES_MAX : MAX_BODY_BYTES)) return [413];
  const text = new TextDecoder().decode(bytes);
  if (text === "") return route === "PATCH" ? [found ? 200 : 404] : [400];
  if (type === "random") return [200, 201, 400, 404, 415];
  if (type !== "json") return [415];
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return [400];
  }
  const rules = {
    POST: createTaskSchema,
    PUT: updateTaskSchema,
    PATCH: setCompletionSchema,
    BULK: bulkRequestSchema,
    IMPORT: importRequestSchema,
  };
  if (!rules[route].safeParse(input).success) return [400];
  if (route === "POST" || route === "IMPORT") return [201];
  if (route === "BULK") return [200, 404];
  return [found ? 200 : 404];
}

describe("fuzzing the API: bodies", { timeout: 60_000 }, () => {
  beforeEach(() => seedTasks(world()));

  it("takes any body and content type: the spec's verdict; a refusal writes nothing", async () => {
    const fuzz = world();
    const { alice, bob, aliceIds, bobIds } = fuzz;
    const caller = fc.oneof(
      { weight: 8, arbitrary: fc.constant("owner") },
      { weight: 1, arbitrary: fc.constantFrom("intruder", "foreign-path") },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Route>("POST", "PUT", "PATCH", "BULK", "IMPORT"),
        fc.oneof(fc.constantFrom(...aliceIds, ...bobIds), fc.uuid()),
        caller,
        contentType,
        body,
        collectionBody([...aliceIds, ...bobIds]),
        async (route, id, who, type, anyBody, manyBody) => {
          const payload = route === "BULK" || route === "IMPORT" ? manyBody : anyBody;
          const token = who === "intruder" ? bob.token : alice.token;
          const owner = who === "foreign-path" ? bob : alice;
          const path = {
            POST: owner.tasks,
            PUT: `${owner.tasks}/${id}`,
            PATCH: `${owner.tasks}/${id}/complete`,
            BULK: `${owner.tasks}/bulk`,
            IMPORT: `${owner.tasks}/import`,
          }[route];
          const method = route === "BULK" || route === "IMPORT" ? "POST" : route;
          const request = { method, path, headers: [...bearer(token), ...withType(type)] };
          const { answer, before } = await check(fuzz, { ...request, body: payload });
          const label = `${describeRequest({ ...request, body: payload })} → ${answer.text}`;
          if (who !== "owner") {
            expect(answer.status, label).toBe(403);
            return;
          }
          const verdict = bodyVerdict(route, exists(before, alice.id, id), type.kind, payload);
          expect(verdict, label).toContain(answer.status);
          if (answer.status >= 300 || route === "BULK" || route === "IMPORT") return;
          const task = taskSchema.parse(JSON.parse(answer.text));
          expect(task.userId, label).toBe(alice.id);
          if (route !== "POST") expect(task.id, label).toBe(id);
          else expect(answer.headers.get("location"), label).toBe(`${alice.tasks}/${task.id}`);
        },
      ),
      RUNS,
    );
  });
});

describe("fuzzing the API: conditional and idempotent requests", { timeout: 60_000 }, () => {
  beforeEach(() => seedTasks(world()));

  it("takes any If-Match and Idempotency-Key: a defined answer, and a refusal writes nothing", async () => {
    const fuzz = world();
    const { alice, aliceIds } = fuzz;
    const etag = fc.oneof(
      headerValue,
      fc.constantFrom("*", '"1"', '"2"', 'W/"1"', '"1", "2"', '""', '"0"', '"01"', " * "),
      fc.integer({ min: -1, max: 3 }).map((v) => `"${v}"`),
      fc
        .array(
          fc.nat(3).map((v) => `"${v}"`),
          { maxLength: 3 },
        )
        .map((tags) => tags.join(",")),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("PUT", "PATCH", "DELETE", "POST"),
        fc.constantFrom(...aliceIds),
        etag,
        fc.oneof(headerValue, fc.constantFrom("k", "k".repeat(255), "k".repeat(256), "a b")),
        async (method, id, ifMatch, key) => {
          const path = {
            PUT: `${alice.tasks}/${id}`,
            PATCH: `${alice.tasks}/${id}/complete`,
            DELETE: `${alice.tasks}/${id}`,
            POST: alice.tasks,
          }[method] as string;
          const headers: [string, string][] = [
            ...bearer(alice.token),
            ["content-type", "application/json"],
            method === "POST" ? ["idempotency-key", key] : ["if-match", ifMatch],
          ];
          const payload = method === "DELETE" ? undefined : '{"title":"fuzzed","completed":true}';
          const body = method === "PATCH" ? '{"completed":true}' : payload;
          const { answer } = await check(fuzz, { method, path, headers, body });
          const allowed = method === "POST" ? [201, 400, 422] : [200, 204, 400, 404, 412];
          expect(allowed, `${method} ${ifMatch} ${key} → ${answer.text}`).toContain(answer.status);
        },
      ),
      RUNS,
    );
  });
});
