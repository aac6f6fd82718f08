/**
 * Fuzzing credentials (R-K8, R-T4–R-T6): any Authorization value among any other headers,
 * and tokens forged from valid and bad ones. Only exactly Alice's or Bob's valid token gets
 * past authentication; everything else is 401 with a Bearer challenge; and every answer
 * keeps the invariants in invariants.ts.
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { contentType, headerValue, withType } from "./arbitraries.ts";
import { bearer, check, clip } from "./invariants.ts";
import { RUNS, seedTasks, setUpFuzzing, signedPart } from "./setup.ts";
import { authorizationValue, forgedToken } from "./token-arbitraries.ts";

const world = setUpFuzzing();

describe("fuzzing the API: headers and tokens", { timeout: 60_000 }, () => {
  beforeEach(() => seedTasks(world()));

  it("takes any headers and Authorization value", async () => {
    const fuzz = world();
    const { alice, bob, aliceIds } = fuzz;
    const authorization = authorizationValue(fuzz);
    const extraHeader = fc.tuple(
      fc.oneof(
        fc.constantFrom(
          ...["x-request-id", "origin", "accept", "accept-encoding", "content-encoding", "cookie"],
          ...["x-http-method-override", "x-forwarded-for", "x-forwarded-host", "if-none-match"],
          ...["range", "host", "authorization"],
        ),
        fc.stringMatching(/^x-[a-z0-9-]{1,20}$/),
      ),
      headerValue,
    );
    const ROUTES: [string, string, string | undefined][] = [
      ["GET", alice.tasks, undefined],
      ["POST", alice.tasks, '{"title":"from headers"}'],
      ["GET", `${alice.tasks}/counts`, undefined],
      ["GET", `${alice.tasks}/${aliceIds[0]}`, undefined],
      ["PUT", `${alice.tasks}/${aliceIds[1]}`, '{"title":"renamed"}'],
      ["PATCH", `${alice.tasks}/${aliceIds[2]}/complete`, undefined],
      ["DELETE", `${alice.tasks}/${aliceIds[3]}`, undefined],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.option(authorization, { freq: 8 }),
        contentType,
        fc.array(extraHeader, { maxLength: 3 }),
        async ([verb, path, payload], auth, type, extra) => {
          const headers: [string, string][] = [
            ...(auth === null ? [] : ([["authorization", auth]] as [string, string][])),
            ...withType(type),
            ...extra,
          ];
          const { answer } = await check(fuzz, { method: verb, path, headers, body: payload });
          const label = `${verb} ${path} ${clip(JSON.stringify(headers))} → ${answer.status}`;
          const values = headers.filter(([name]) => name === "authorization").map(([, v]) => v);
          // RFC 6750: credentials = "Bearer" 1*SP b64token; several headers merge into a list.
          const single =
            values.length === 1 ? (values[0] ?? "").replace(/^[ \t]+|[ \t]+$/g, "") : "";
          const token = /^Bearer +(\S+)$/i.exec(single)?.[1];
          if (token === alice.token) expect([401, 403], label).not.toContain(answer.status);
          else if (token === bob.token) expect(answer.status, label).toBe(403);
          else {
            expect(answer.status, label).toBe(401);
            expect(answer.headers.get("www-authenticate"), label).toMatch(/^Bearer/);
          }
        },
      ),
      RUNS,
    );
  });

  it("refuses every token that is not exactly a valid one with 401", async () => {
    const fuzz = world();
    const { alice, bob, aliceIds } = fuzz;
    const originals = [alice.token, bob.token];
    /** A valid token whose signature is only written differently (base64url padding bits). */
    const sameAsGenuine = (token: string) => {
      const [head, payload, signature = "", ...rest] = token.split(".");
      const original = originals.find((t) => signedPart(t) === `${head}.${payload}`);
      if (!original || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(signature)) return false;
      const wanted = Buffer.from(original.split(".")[2] ?? "", "base64url");
      return Buffer.from(signature, "base64url").equals(wanted);
    };
    const token = forgedToken(fuzz);
    const id = aliceIds[0];
    const ROUTES: [string, string, string | undefined][] = [
      ["GET", alice.tasks, undefined],
      ["POST", alice.tasks, '{"title":"forged"}'],
      ["GET", `${alice.tasks}/counts`, undefined],
      ["GET", `${alice.tasks}/${id}`, undefined],
      ["PUT", `${alice.tasks}/${id}`, '{"title":"forged"}'],
      ["PATCH", `${alice.tasks}/${id}/complete`, undefined],
      ["DELETE", `${alice.tasks}/${id}`, undefined],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        token.filter((t) => /^\S+$/.test(t)),
        async ([verb, path, payload], jwt) => {
          const headers: [string, string][] = [
            ...bearer(jwt),
            ["content-type", "application/json"],
          ];
          const { answer } = await check(fuzz, { method: verb, path, headers, body: payload });
          if (sameAsGenuine(jwt)) return;
          const label = `${verb} ${path} with ${clip(jwt)} → ${answer.status} ${clip(answer.text)}`;
          expect(answer.status, label).toBe(401);
          expect(answer.headers.get("www-authenticate"), label).toMatch(/^Bearer realm="tasks"/);
        },
      ),
      RUNS,
    );
  });
});
