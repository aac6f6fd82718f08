/**
 * Times /two-factor/verify-totp and /two-factor/verify-backup-code through the auth route on a
 * fresh database (each a pending sign-in answered with a right code), median and p95 in ms.
 * Run: npx node --conditions=react-server --import tsx apps/web/src/server/testing/measure-second-step.ts
 */
import { awayFromStepEnd, hotp, totpKey, totpStep } from "../totp-steps.ts";
import { startAuthHarness } from "./auth-harness.ts";

const SAMPLES = Number(process.env.SAMPLES ?? 60);
const PASSWORD = "correct horse battery staple";
const auth = await startAuthHarness({ AUTH_RATE_LIMIT_MAX: "10000" });

async function enrolled(n: number) {
  const email = `measure${n}-${Date.now()}@example.com`;
  const up = await auth.call("/sign-up/email", { body: { email, password: PASSWORD } });
  const on = await auth.call("/two-factor/enable", {
    body: { password: PASSWORD },
    cookie: up.cookie,
  });
  const key = totpKey(`base32:${new URL(on.json.totpURI as string).searchParams.get("secret")}`);
  // The previous step's code, sent at least 2 s before this step ends (it works until then).
  await awayFromStepEnd(2_000);
  const turnedOn = await auth.call("/two-factor/verify-totp", {
    body: { code: hotp(key, totpStep() - 1) },
    cookie: up.cookie,
  });
  if (turnedOn.status !== 200) throw new Error(`turning on answered ${turnedOn.status}`);
  return { email, key, codes: on.json.backupCodes as string[] };
}

async function pending(email: string) {
  const r = await auth.call("/sign-in/email", { body: { email, password: PASSWORD } });
  return r.setCookies.find((c) => c.startsWith("better-auth.two_factor="))?.split(";")[0];
}

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  return { n: s.length, median: at(0.5).toFixed(1), p95: at(0.95).toFixed(1) };
};

const totp: number[] = [];
const wrongTotp: number[] = [];
const recovery: number[] = [];
const wrongRecovery: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  // A person per sample: each TOTP step is taken once per account.
  const person = await enrolled(i);
  let cookie = await pending(person.email);
  const wrong = await auth.call("/two-factor/verify-totp", { body: { code: "000000" }, cookie });
  wrongTotp.push(wrong.ms);
  const right = await auth.call("/two-factor/verify-totp", {
    body: { code: hotp(person.key, totpStep()) },
    cookie,
  });
  if (right.status !== 200) throw new Error(`verify-totp answered ${right.status}`);
  totp.push(right.ms);
  cookie = await pending(person.email);
  const bad = await auth.call("/two-factor/verify-backup-code", {
    body: { code: "0000-0000-0000-0000-0000-0000" },
    cookie,
  });
  wrongRecovery.push(bad.ms);
  const used = await auth.call("/two-factor/verify-backup-code", {
    body: { code: person.codes[0] },
    cookie,
  });
  // Compared with the plugin alone (its hooks left out by a local edit, NO_RULES set), the
  // hashed codes cannot match: that run times a refused recovery code.
  if (used.status !== 200 && !process.env.NO_RULES)
    throw new Error(`verify-backup-code answered ${used.status}`);
  recovery.push(used.ms);
}
const medians = {
  "verify-totp right": stats(totp),
  "verify-totp wrong": stats(wrongTotp),
  "verify-backup-code right": stats(recovery),
  "verify-backup-code wrong": stats(wrongRecovery),
};
process.stdout.write(`${JSON.stringify(medians, null, 1)}\n`);
await auth.close();
// The harness leaves a listening socket behind after close (docs/benchmarks.md): end here.
process.exit(0);
