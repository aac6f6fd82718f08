/**
 * Fuzzing every open auth endpoint that takes a body (R-A11; bad input is a 4xx, never a 5xx):
 * JSON bodies of the fields people and pages send, with values as attackers send them (lone
 * surrogates, NUL, huge strings, wrong types), signed in: each field of an endpoint's own
 * schema alone with each nasty value, then random bodies. The endpoints and their fields are
 * read from Better Auth's own table, so one added later is fuzzed too; those that end the
 * session are left out.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSED_PATTERNS } from "./auth-rules/request-rules.ts";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";
import { signUp } from "./testing/people.ts";

/** Per endpoint. */
const RUNS = { numRuns: 60, interruptAfterTimeLimit: 5_000 } as const;
/** Ending the session would leave the rest of the run signed out. */
const ENDING = new Set(["/sign-out", "/revoke-sessions", "/revoke-other-sessions"]);

let auth: AuthHarness;
let cookie: string;
/** Each endpoint with the fields of its own body schema (Better Auth's zod object). */
let endpoints: { path: string; fields: string[] }[] = [];
beforeAll(async () => {
  auth = await startAuthHarness();
  ({ cookie } = await signUp(auth.call, { tag: "fuzz-bodies" }));
  const disabled = new Set(auth.auth.options.disabledPaths ?? []);
  endpoints = (
    Object.values(auth.auth.api) as {
      path?: string;
      options?: { body?: { shape?: object }; method?: string | string[] };
    }[]
  )
    .filter(
      ({ path, options }) => path && options?.body && [options.method].flat().includes("POST"),
    )
    .map(({ path, options }) => ({
      path: path as string,
      fields: Object.keys(options?.body?.shape ?? {}),
    }))
    .filter(({ path }) => !disabled.has(path) && !CLOSED_PATTERNS.has(path) && !ENDING.has(path));
});
afterAll(() => auth?.close());

/** Values that broke parsers before: lone surrogates, NUL, broken escapes, huge, empty. */
const NASTY = ["\ud800", "a\udfff", "\u0000", "%E0%A4%A", "𝟙𝟚𝟛", "x".repeat(20_000), ""];

const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const field = fc.constantFrom(
  "email",
  "password",
  "name",
  "newPassword",
  "currentPassword",
  "token",
  "code",
  "trustDevice",
  "id",
  "issuer",
  "method",
  "response",
  "callbackURL",
  "redirectTo",
  "revokeOtherSessions",
);

describe("every open auth endpoint with a body", () => {
  it("are read from Better Auth's table, the two-step and passkey ones among them", () => {
    expect(endpoints.map(({ path }) => path)).toEqual(
      expect.arrayContaining(["/two-factor/enable", "/passkey/verify-registration"]),
    );
  });

  it("answers each of its fields alone with each nasty value with a 4xx or a 2xx", async () => {
    for (const { path, fields } of endpoints) {
      for (const name of fields) {
        for (const value of [...NASTY, 0, true, null, [], {}]) {
          const response = await auth.call(path, { body: { [name]: value }, cookie });
          const shown = JSON.stringify({ [name]: value }).slice(0, 100);
          expect(response.status, `${path} ${shown}`).toBeLessThan(500);
        }
      }
    }
  });

  it("answers any body with a 4xx or a 2xx, never a 5xx", async () => {
    for (const { path, fields } of endpoints) {
      // Mostly the endpoint's own fields (any of them, any value), so that bodies reach
      // Better Auth's handler as well as our rules; sometimes any of the fields pages send.
      const own = Object.fromEntries(fields.map((name) => [name, hostile]));
      const body = fc.oneof(
        { weight: 3, arbitrary: fc.record(own, { requiredKeys: [] }) },
        { weight: 1, arbitrary: fc.dictionary(field, hostile, { maxKeys: 4 }) },
      );
      await fc.assert(
        fc.asyncProperty(body, async (sent) => {
          const response = await auth.call(path, { body: sent, cookie });
          const shown = JSON.stringify(sent).slice(0, 200);
          expect(response.status, `${path} ${shown}`).toBeLessThan(500);
        }),
        RUNS,
      );
    }
  });
});
