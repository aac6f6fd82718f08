/**
 * Fuzzing the second step's endpoints (R-M3, R-M4; bad input is a 4xx, never a 5xx): any body
 * as JSON, text or bytes, with no cookie, a live pending sign-in, a forged or tampered one, or
 * a session, sent to /two-factor/verify-totp and /two-factor/verify-backup-code. No answer is
 * a 5xx, none starts a session, none shows what is stored.
 */
import { schema } from "@tasks/db";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";
import {
  enrolledPerson,
  PENDING_COOKIE,
  SESSION_COOKIE,
  startSignIn,
} from "./testing/two-factor.ts";

const RUNS = { numRuns: 150, interruptAfterTimeLimit: 10_000 } as const;
const PATHS = ["/two-factor/verify-totp", "/two-factor/verify-backup-code"] as const;

let auth: AuthHarness;
let email: string;
let stored: string[] = [];
beforeAll(async () => {
  auth = await startAuthHarness();
  ({ email } = await enrolledPerson(auth.call));
  const rows = await auth.db.select().from(schema.twoFactor);
  stored = rows.flatMap((row) => [row.secret, ...(JSON.parse(row.backupCodes) as string[])]);
});
afterAll(() => auth?.close());

/** Codes as people mistype them and as attackers send them. */
const code = fc.oneof(
  fc.stringMatching(/^\d{6}$/),
  fc.stringMatching(/^[0-9a-zA-Z]{4}(-[0-9a-zA-Z]{4}){5}$/),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.string({ maxLength: 5000 }),
  fc.constantFrom("", " ", "h0:", "taken", "\u0000", "𝟙𝟚𝟛𝟜𝟝𝟞", "1".repeat(100_000)),
);

const body = fc.oneof(
  fc.record({ code }, { requiredKeys: [] }),
  fc.record({ code, trustDevice: fc.jsonValue(), disableSession: fc.jsonValue() }),
  fc.record({ code: fc.jsonValue() }),
  fc.jsonValue(),
  fc.uint8Array({ maxLength: 256 }),
);

const contentType = fc.constantFrom(
  "application/json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "APPLICATION/JSON; charset=utf-8",
);

type CookieKind = "none" | "pending" | "forged" | "tampered" | "session";
const cookieKind = fc.constantFrom<CookieKind>("none", "pending", "forged", "tampered", "session");

async function cookieOf(kind: CookieKind, junk: string): Promise<string | undefined> {
  if (kind === "none") return undefined;
  if (kind === "forged") return `${PENDING_COOKIE}=${encodeURIComponent(junk)}`;
  const { response, pending } = await startSignIn(auth.call, email);
  if (kind === "pending") return pending;
  if (kind === "tampered") return `${pending?.slice(0, -4)}AAAA`;
  return response.cookie ?? pending;
}

describe("fuzzing the second step", () => {
  for (const path of PATHS) {
    it(`${path} answers any body and cookie with a 2xx or 4xx, never a session it did not earn`, async () => {
      await fc.assert(
        fc.asyncProperty(
          body,
          contentType,
          cookieKind,
          fc.string({ maxLength: 40 }),
          async (payload, type, kind, junk) => {
            const cookie = await cookieOf(kind, junk);
            const answer = await auth.call(path, {
              body: payload instanceof Uint8Array ? payload : JSON.stringify(payload),
              cookie,
              headers: { "content-type": type },
            });
            const said = `${answer.status} ${answer.text.slice(0, 200)}`;
            expect(answer.status, said).toBeLessThan(500);
            expect([200, 400, 401, 403, 413, 415, 429], said).toContain(answer.status);
            if (answer.status !== 200) {
              expect(
                answer.setCookies.some(
                  (c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`),
                ),
              ).toBe(false);
            }
            for (const entry of stored) expect(answer.text).not.toContain(entry);
          },
        ),
        RUNS,
      );
    });
  }
});
