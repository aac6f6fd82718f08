/**
 * Fuzzing request bodies (R-K8, R-K11): any body, with any content type, sent to create,
 * replace or complete a task. The owner gets exactly what the spec says; anyone else, 403;
 * and every answer keeps the invariants in invariants.ts.
 */
import {
  createTaskSchema,
  setCompletionSchema,
  taskSchema,
  updateTaskSchema,
} from "@tasks/contracts";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../app.ts";
import { body, contentType, type TypeKind, withType } from "./arbitraries.ts";
import { bearer, check, describeRequest, exists } from "./invariants.ts";
import { RUNS, seedTasks, setUpFuzzing } from "./setup.ts";

const world = setUpFuzzing();

/** What the spec says a body sent by the path's owner gets, or every acceptable answer. */
function bodyVerdict(
  route: "POST" | "PUT" | "PATCH",
  found: boolean,
  type: TypeKind,
  payload: string | Uint8Array,
): number[] {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  if (bytes.length > MAX_BODY_BYTES) return [413];
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
  const rules = { POST: createTaskSchema, PUT: updateTaskSchema, PATCH: setCompletionSchema };
  if (!rules[route].safeParse(input).success) return [400];
  if (route === "POST") return [201];
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
        fc.constantFrom("POST" as const, "PUT" as const, "PATCH" as const),
        fc.oneof(fc.constantFrom(...aliceIds, ...bobIds), fc.uuid()),
        caller,
        contentType,
        body,
        async (route, id, who, type, payload) => {
          const token = who === "intruder" ? bob.token : alice.token;
          const owner = who === "foreign-path" ? bob : alice;
          const path = {
            POST: owner.tasks,
            PUT: `${owner.tasks}/${id}`,
            PATCH: `${owner.tasks}/${id}/complete`,
          }[route];
          const request = { method: route, path, headers: [...bearer(token), ...withType(type)] };
          const { answer, before } = await check(fuzz, { ...request, body: payload });
          const label = `${describeRequest({ ...request, body: payload })} → ${answer.text}`;
          if (who !== "owner") {
            expect(answer.status, label).toBe(403);
            return;
          }
          const verdict = bodyVerdict(route, exists(before, alice.id, id), type.kind, payload);
          expect(verdict, label).toContain(answer.status);
          if (answer.status >= 300) return;
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
