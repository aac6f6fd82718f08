/**
 * Fuzzing every open auth endpoint that takes a body (R-A11; bad input is a 4xx, never a 5xx):
 * JSON bodies of the fields people and pages send, with values as attackers send them (lone
 * surrogates, NUL, huge strings, wrong types), signed in. The endpoints are read from Better
 * Auth's own list, so one added later is fuzzed too; those that end the session are left out.
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
let paths: string[] = [];
beforeAll(async () => {
  auth = await startAuthHarness();
  ({ cookie } = await signUp(auth.call, { tag: "fuzz-bodies" }));
  const disabled = new Set(auth.auth.options.disabledPaths ?? []);
  paths = (
    Object.values(auth.auth.api) as {
      path?: string;
      options?: { body?: unknown; method?: string | string[] };
    }[]
  )
    .filter(
      ({ path, options }) => path && options?.body && [options.method].flat().includes("POST"),
    )
    .map(({ path }) => path as string)
    .filter((path) => !disabled.has(path) && !CLOSED_PATTERNS.has(path) && !ENDING.has(path));
});
afterAll(() => auth?.close());

const hostile = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "\ud800",
      "a\udfff",
      "\u0000",
      "%E0%A4%A",
      "𝟙𝟚𝟛",
      "x".repeat(20_000),
      "",
    ),
  },
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
  it("is found: the rules cover the two-step and passkey endpoints too", () => {
    expect(paths).toEqual(
      expect.arrayContaining(["/two-factor/enable", "/passkey/verify-registration"]),
    );
  });

  it("answers any body with a 4xx or a 2xx, never a 5xx", async () => {
    for (const path of paths) {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(field, hostile, { maxKeys: 4 }), async (body) => {
          const response = await auth.call(path, { body, cookie });
          const sent = JSON.stringify(body).slice(0, 200);
          expect(response.status, `${path} ${sent}`).toBeLessThan(500);
        }),
        RUNS,
      );
    }
  });
});
