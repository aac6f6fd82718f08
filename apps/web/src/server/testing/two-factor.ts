/**
 * Two-step verification through the auth harness as a person does it: sign up, turn on an
 * authenticator app with the password and a code computed from the shown secret (RFC 6238),
 * then sign in with the password and answer the second step.
 */
import { expect } from "vitest";
import { awayFromStepEnd, hotp, totpKey, totpStep } from "../totp-steps.ts";
import type { AuthHarness } from "./auth-harness.ts";
import { uniqueEmail as emailTagged, PASSWORD } from "./people.ts";

export { PASSWORD };

type Call = AuthHarness["call"];

export const uniqueEmail = (tag = "second-step") => emailTagged(tag);

export { awayFromStepEnd };

/** The authenticator app's view of a shown `otpauth://` URI: codes by step. */
export function authenticator(totpURI: string) {
  const secret = new URL(totpURI).searchParams.get("secret") as string;
  const key = totpKey(`base32:${secret}`);
  return {
    secret,
    key,
    /** The code of the step `offset` steps from now. */
    code: (offset = 0) => hotp(key, totpStep() + offset),
    /**
     * The previous step's code, taken at least 2 s before this step ends: the server takes one
     * step either side of its own, so this code works only while it is still in this step.
     */
    async previousCode() {
      await awayFromStepEnd(2_000);
      return hotp(key, totpStep() - 1);
    },
    /** A 6-digit code that is none of the previous, current and next step's. */
    wrongCode() {
      const near = new Set([-1, 0, 1].map((offset) => hotp(key, totpStep() + offset)));
      for (let n = 0; ; n++) {
        const code = String((123456 + n * 7919) % 1_000_000).padStart(6, "0");
        if (!near.has(code)) return code;
      }
    },
  };
}

/** `name=value` of the cookie named `name` among a response's Set-Cookie values (non-empty). */
export function cookieNamed(setCookies: string[], name: string): string | undefined {
  const found = setCookies.find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
  return found?.split(";")[0];
}

export const PENDING_COOKIE = "better-auth.two_factor";
export const SESSION_COOKIE = "better-auth.session_token";

/**
 * A person with two-step verification on, turned on with the code of the previous step (so
 * the current and next steps are free for the test).
 */
export async function enrolledPerson(call: Call, email = uniqueEmail()) {
  const signedUp = await call("/sign-up/email", { body: { email, password: PASSWORD } });
  expect(signedUp.status).toBe(200);
  const enabled = await call("/two-factor/enable", {
    body: { password: PASSWORD },
    cookie: signedUp.cookie,
  });
  expect(enabled.status).toBe(200);
  const app = authenticator(enabled.json.totpURI as string);
  const recoveryCodes = enabled.json.backupCodes as string[];
  const turnedOn = await call("/two-factor/verify-totp", {
    body: { code: await app.previousCode() },
    cookie: signedUp.cookie,
  });
  expect(turnedOn.status, turnedOn.text).toBe(200);
  const session = turnedOn.cookie as string;
  return { email, app, recoveryCodes, totpURI: enabled.json.totpURI as string, session };
}

/** Signs in with the password; returns the pending step's cookie (none when no step is asked). */
export async function startSignIn(call: Call, email: string, headers?: Record<string, string>) {
  const response = await call("/sign-in/email", { body: { email, password: PASSWORD }, headers });
  expect(response.status).toBe(200);
  return { response, pending: cookieNamed(response.setCookies, PENDING_COOKIE) };
}

export const verifyTotp = (call: Call, pending: string | undefined, code: string, headers = {}) =>
  call("/two-factor/verify-totp", { body: { code }, cookie: pending, headers });

export const verifyRecoveryCode = (
  call: Call,
  pending: string | undefined,
  code: string,
  headers = {},
) => call("/two-factor/verify-backup-code", { body: { code }, cookie: pending, headers });

/** Sets the clock (Date only) a few seconds into a TOTP step, so no test runs across an edge. */
export function startOfStep(time = Date.now()): number {
  return (Math.floor(time / 30_000) + 1) * 30_000 + 2_000;
}
