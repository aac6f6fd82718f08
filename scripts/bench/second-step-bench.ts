/**
 * The second step over HTTP (issue 20's budget: `verify-totp` and `verify-backup-code` at
 * most 20 ms median): people with an authenticator app, each signing in with the password and
 * answering pending sign-ins with right codes, and one with wrong codes, one request at a time.
 */
import { awayFromStepEnd, hotp, totpKey, totpStep } from "../../apps/web/src/server/totp-steps.ts";
import type { Service } from "../processes.ts";
import { median, percentile } from "./load.ts";
import type { SampleStats } from "./web-bench.ts";

const PASSWORD = "correct horse battery staple";

/** A POST with the cookies given; its JSON, cookies and wall time in ms. Throws on another status than `expected`. */
async function post(web: Service, path: string, body: unknown, cookie = "", expected = 200) {
  const started = performance.now();
  const response = await fetch(`${web.url}/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web.url, cookie },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  const ms = performance.now() - started;
  if (response.status !== expected) throw new Error(`${path} answered ${response.status}`);
  const cookies = response.headers
    .getSetCookie()
    .map((set) => set.split(";")[0])
    .join("; ");
  return { json, cookies, ms };
}

/** A person with the authenticator app on: the key their codes are made with, and one recovery code. */
async function enrolled(web: Service, n: number) {
  const email = `second-step-${n}-${Date.now()}@bench.test`;
  const { cookies } = await post(web, "/sign-up/email", { email, password: PASSWORD, name: "B" });
  const on = await post(web, "/two-factor/enable", { password: PASSWORD }, cookies);
  const uri = new URL(String(on.json?.totpURI));
  const key = totpKey(`base32:${uri.searchParams.get("secret")}`);
  // The step before this one, so the one timed below stays unused (R-M3); early enough in
  // this step that the server, which takes one step either side of its own, still takes it.
  await awayFromStepEnd(2_000);
  await post(web, "/two-factor/verify-totp", { code: hotp(key, totpStep() - 1) }, cookies);
  const [recoveryCode] = (on.json?.backupCodes ?? []) as string[];
  return { email, key, recoveryCode: String(recoveryCode) };
}

/** A six-digit code the server takes for none of the steps it accepts now or a step later (R-M2's window). */
function wrongTotpCode(key: Uint8Array): string {
  const near = [-1, 0, 1, 2].map((offset) => hotp(key, totpStep() + offset));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!near.includes(code)) return code;
  }
}

/** A code of the recovery codes' shape that is not one of them: the groups of a right one reversed. */
const wrongRecoveryCode = (right: string) => right.split("-").reverse().join("-");

/**
 * `samples` people, each answering a new pending sign-in with a right TOTP code, another with a
 * right recovery code, and a third with a wrong TOTP code then a wrong recovery code (401 each;
 * two failures, far from the lockout's 10).
 */
export async function secondStep(
  web: Service,
  samples: number,
): Promise<{
  totp: SampleStats;
  recovery: SampleStats;
  wrongTotp: SampleStats;
  wrongRecovery: SampleStats;
}> {
  const [totp, recovery, wrongTotp, wrongRecovery]: [number[], number[], number[], number[]] = [
    [],
    [],
    [],
    [],
  ];
  for (let n = 0; n < samples; n++) {
    const person = await enrolled(web, n);
    const signIn = async () =>
      (await post(web, "/sign-in/email", { email: person.email, password: PASSWORD })).cookies;
    const code = hotp(person.key, totpStep());
    totp.push((await post(web, "/two-factor/verify-totp", { code }, await signIn())).ms);
    const answer = { code: person.recoveryCode };
    recovery.push((await post(web, "/two-factor/verify-backup-code", answer, await signIn())).ms);
    const pending = await signIn();
    const wrong = { code: wrongTotpCode(person.key) };
    wrongTotp.push((await post(web, "/two-factor/verify-totp", wrong, pending, 401)).ms);
    const wrongRecoveryAnswer = { code: wrongRecoveryCode(person.recoveryCode) };
    const path = "/two-factor/verify-backup-code";
    wrongRecovery.push((await post(web, path, wrongRecoveryAnswer, pending, 401)).ms);
  }
  const stats = (ms: number[]) => ({ median: median(ms), p95: percentile(ms, 95) });
  return {
    totp: stats(totp),
    recovery: stats(recovery),
    wrongTotp: stats(wrongTotp),
    wrongRecovery: stats(wrongRecovery),
  };
}
