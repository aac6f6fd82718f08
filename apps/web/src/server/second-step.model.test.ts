/**
 * The second step against a small model (R-M2–R-M4): random sequences of sign-ins, right,
 * wrong and replayed TOTP codes, fresh and used recovery codes, and waits (a step, a pending
 * sign-in's 10 minutes, a lockout's 15) give the answers, counts and mails the model says.
 */
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";
import { type SmtpInbox, startSmtpInbox } from "./testing/smtp-inbox.ts";
import {
  enrolledPerson,
  startOfStep,
  startSignIn,
  verifyRecoveryCode,
  verifyTotp,
} from "./testing/two-factor.ts";
import { hotp, totpStep } from "./totp-steps.ts";

const PENDING_MS = 10 * 60_000;
const LOCK_MS = 15 * 60_000;

type Action =
  | { kind: "sign-in" | "right" | "wrong" | "replay" | "recovery" | "used-recovery" | "guessing" }
  | { kind: "wait"; seconds: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "sign-in" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "right" as const }) },
  { weight: 4, arbitrary: fc.constant({ kind: "wrong" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "replay" as const }) },
  // A sign-in and five wrong codes, so that sequences reach the lockout.
  { weight: 3, arbitrary: fc.constant({ kind: "guessing" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "recovery" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "used-recovery" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("wait" as const),
      seconds: fc.constantFrom(31, 95, 601, 901),
    }),
  },
);

interface Model {
  pending: { expiresAt: number; tries: number; live: boolean } | null;
  failures: number;
  lockedUntil: number | null;
  lastStep: number;
  codes: string[];
  used: string[];
  lockouts: number;
}

let inbox: SmtpInbox;
let auth: AuthHarness;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  auth = await startAuthHarness({
    SMTP_URL: inbox.url,
    MAIL_FROM: "Tasks <tasks@example.test>",
    // The clock stands still between waits: the per-client throttle is not under test here.
    AUTH_RATE_LIMIT_MAX: "10000",
  });
});
afterAll(async () => {
  await auth?.close();
  await inbox?.close();
});
beforeEach(() => {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now);
});
afterEach(() => {
  vi.useRealTimers();
});

/** What the model expects of one verification, and the model after it. */
function expected(model: Model, act: Action, now: number) {
  const { pending } = model;
  if (!pending?.live) return { statuses: [401] };
  if (now >= pending.expiresAt) {
    pending.live = false;
    const locked = model.lockedUntil !== null && model.lockedUntil > now;
    return { statuses: locked ? [401, 429] : [401] };
  }
  if (model.lockedUntil !== null) {
    if (model.lockedUntil > now) return { statuses: [429] };
    model.lockedUntil = null;
    model.failures = 0;
  }
  if (pending.tries >= 5) {
    pending.live = false;
    return { statuses: [400] };
  }
  const step = totpStep(now);
  const right =
    (act.kind === "right" && step > model.lastStep) ||
    (act.kind === "recovery" && model.codes.length > 0);
  if (right) {
    pending.live = false;
    model.failures = 0;
    if (act.kind === "right") model.lastStep = step;
    else model.used.push(model.codes.shift() as string);
    return { statuses: [200], left: act.kind === "recovery" ? model.codes.length : undefined };
  }
  pending.tries += 1;
  model.failures += 1;
  if (model.failures >= 10) {
    model.lockedUntil = now + LOCK_MS;
    model.lockouts += 1;
  }
  return { statuses: [401] };
}

/** What the runs reached, so a run of only easy sequences fails rather than passes. */
const seen = { lockouts: 0, recoveries: 0 };

describe("the second step against its model", () => {
  it("answers, counts, locks and mails as the model says", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 24 }), async (actions) => {
        vi.setSystemTime(startOfStep(Date.now()));
        const person = await enrolledPerson(auth.call);
        const model: Model = {
          pending: null,
          failures: 0,
          lockedUntil: null,
          lastStep: totpStep() - 1,
          codes: [...person.recoveryCodes],
          used: [],
          lockouts: 0,
        };
        let cookie: string | undefined;
        const steps = actions.flatMap((act): Action[] =>
          act.kind === "guessing"
            ? [
                { kind: "sign-in" },
                ...Array.from({ length: 5 }, () => ({ kind: "wrong" as const })),
              ]
            : [act],
        );
        for (const act of steps) {
          const now = Date.now();
          if (act.kind === "wait") {
            await auth.settle();
            vi.setSystemTime(now + act.seconds * 1000);
            continue;
          }
          if (act.kind === "sign-in") {
            const { response, pending } = await startSignIn(auth.call, person.email);
            expect(response.json.twoFactorRedirect).toBe(true);
            cookie = pending;
            model.pending = { expiresAt: now + PENDING_MS, tries: 0, live: true };
            continue;
          }
          const totp = { right: 0, wrong: 0, replay: 0 }[act.kind as string] !== undefined;
          const code =
            act.kind === "right"
              ? person.app.code()
              : act.kind === "wrong"
                ? person.app.wrongCode()
                : act.kind === "replay"
                  ? hotp(person.app.key, model.lastStep)
                  : act.kind === "recovery"
                    ? (model.codes[0] ?? "zzzz-zzzz-zzzz-zzzz-zzzz-zzzz")
                    : (model.used[0] ?? "zzzz-zzzz-zzzz-zzzz-zzzz-zzzz");
          const answer = totp
            ? await verifyTotp(auth.call, cookie, code)
            : await verifyRecoveryCode(auth.call, cookie, code);
          const want = expected(model, act, now);
          const said = `${act.kind}: ${answer.status} ${answer.text.slice(0, 120)}`;
          expect(want.statuses, said).toContain(answer.status);
          if (answer.status === 401 && model.pending?.live) {
            expect(answer.json.code, said).toBe(totp ? "INVALID_CODE" : "INVALID_BACKUP_CODE");
          }
          if (want.left !== undefined) expect(answer.json.recoveryCodesLeft).toBe(want.left);
        }
        await auth.settle();
        // Other security mail (a recovery code used, R-M10) goes to the same person.
        const lockoutMails = inbox
          .to(person.email)
          .filter((mail) => mail.raw.includes("Two-step verification locked"));
        expect(lockoutMails).toHaveLength(model.lockouts);
        seen.lockouts += model.lockouts;
        seen.recoveries += model.used.length;
      }),
      {
        numRuns: 25,
        interruptAfterTimeLimit: 60_000,
        // Run first, so every run reaches a recovery and a lockout whatever the random ones do.
        examples: [
          [
            [
              { kind: "sign-in" },
              { kind: "recovery" },
              { kind: "used-recovery" },
              { kind: "guessing" },
              { kind: "guessing" },
              { kind: "wait", seconds: 901 },
              { kind: "sign-in" },
              { kind: "right" },
            ],
          ],
          // A pending sign-in that expires while its account is locked (found by a run).
          [
            [
              { kind: "guessing" },
              { kind: "guessing" },
              { kind: "wait", seconds: 601 },
              { kind: "wrong" },
              { kind: "wrong" },
              { kind: "guessing" },
            ],
          ],
          // A code on a pending sign-in that expired while the lock ran out, then new guesses
          // (found by a run: the plugin ended the lock there, leaving the claims closed).
          [
            [
              { kind: "guessing" },
              { kind: "guessing" },
              { kind: "wait", seconds: 901 },
              { kind: "used-recovery" },
              { kind: "guessing" },
              { kind: "guessing" },
            ],
          ],
        ],
      },
    );
    expect(seen.lockouts).toBeGreaterThan(0);
    expect(seen.recoveries).toBeGreaterThan(0);
  }, 120_000);
});
