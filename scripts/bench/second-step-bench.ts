/**
 * The second step over HTTP (issue 20's budget: `verify-totp` and `verify-backup-code` at
 * most 20 ms median): people with an authenticator app, each signing in with the password and
 * answering the pending sign-in with a right code, one request at a time.
 */
import { awayFromStepEnd, hotp, totpKey, totpStep } from "../../apps/web/src/server/totp-steps.ts";
import type { Service } from "../processes.ts";
import { median, percentile } from "./load.ts";
import type { SampleStats } from "./web-bench.ts";

const PASSWORD = "correct horse battery staple";

/** A POST with the cookies given; the answer's status, JSON, cookies and wall time in ms. */
async function post(web: Service, path: string, body: unknown, cookie = "") {
  const started = performance.now();
  const response = await fetch(`${web.url}/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web.url, cookie },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
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

/** `samples` right TOTP codes and `samples` right recovery codes, each on a new pending sign-in. */
export async function secondStep(
  web: Service,
  samples: number,
): Promise<{ totp: SampleStats; recovery: SampleStats }> {
  const totp: number[] = [];
  const recovery: number[] = [];
  for (let n = 0; n < samples; n++) {
    const person = await enrolled(web, n);
    const signIn = () => post(web, "/sign-in/email", { email: person.email, password: PASSWORD });
    const code = hotp(person.key, totpStep());
    totp.push((await post(web, "/two-factor/verify-totp", { code }, (await signIn()).cookies)).ms);
    const answer = { code: person.recoveryCode };
    const pending = (await signIn()).cookies;
    recovery.push((await post(web, "/two-factor/verify-backup-code", answer, pending)).ms);
  }
  const stats = (ms: number[]) => ({ median: median(ms), p95: percentile(ms, 95) });
  return { totp: stats(totp), recovery: stats(recovery) };
}
