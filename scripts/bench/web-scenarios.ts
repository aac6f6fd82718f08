/**
 * Rows 4 and 5: sign-in against raw bcrypt, the second step; session checks alone and beside
 * sign-ins.
 */
import { type Context, checked, loadAverage, loadRow, withService } from "./scenarios.ts";
import { secondStep } from "./second-step-bench.ts";
import { startWeb } from "./services.ts";
import type { ResultRow } from "./table.ts";
import { type Credentials, sessionCheck, signIn, signInVersusBcrypt, signUp } from "./web-bench.ts";

const PARALLEL_SIGN_INS = 4;

export async function webRows(
  ctx: Context,
  databaseUrl: string,
  samples: number,
): Promise<ResultRow[]> {
  return withService(startWeb(databaseUrl), async (web) => {
    const credentials: Credentials = {
      email: "sign-in@bench.test",
      password: "correct horse battery staple",
    };
    await signUp(web, credentials);
    ctx.log(
      `web: ${samples} sign-ins alternated with ${samples} bcrypt compares (${loadAverage()})`,
    );
    const timing = await signInVersusBcrypt(web, databaseUrl, credentials, samples);
    ctx.log(
      `web: ${samples} right and wrong TOTP and recovery codes on pending sign-ins (${loadAverage()})`,
    );
    const codes = await secondStep(web, samples);
    const { cookie } = await signIn(web, credentials);
    // One connection: the latency of each check, not a queue of them.
    const phase = { ...ctx.phase, connections: 1, credentials, cookie };
    ctx.log(`web: session checks alone (${loadAverage()})`);
    const alone = checked("session", await sessionCheck(web, { ...phase, parallelSignIns: 0 }));
    ctx.log(`web: session checks beside ${PARALLEL_SIGN_INS} continuous sign-ins`);
    const busy = checked(
      "session beside sign-ins",
      await sessionCheck(web, { ...phase, parallelSignIns: PARALLEL_SIGN_INS }),
    );
    const gap = timing.signIn.median - timing.bcrypt.median;
    return [
      {
        key: "4a",
        scenario: `sign-in, ${samples} sequential`,
        group: "web",
        p50: timing.signIn.median,
        tail: timing.signIn.p95,
        tailLabel: "p95",
        cpuUs: timing.cpuMs === undefined ? undefined : timing.cpuMs * 1000,
        note: `median ${gap >= 0 ? "+" : ""}${gap.toFixed(1)} ms vs 4b`,
      },
      {
        key: "4b",
        scenario: `bcrypt.compare alone, cost ${timing.cost}`,
        group: "web",
        p50: timing.bcrypt.median,
        tail: timing.bcrypt.p95,
        tailLabel: "p95",
      },
      {
        key: "4c",
        scenario: `verify-totp, ${samples} sequential`,
        group: "web",
        p50: codes.totp.median,
        tail: codes.totp.p95,
        tailLabel: "p95",
        note: "budget: 20 ms median",
      },
      {
        key: "4d",
        scenario: `verify-backup-code, ${samples} sequential`,
        group: "web",
        p50: codes.recovery.median,
        tail: codes.recovery.p95,
        tailLabel: "p95",
        note: "budget: 20 ms median",
      },
      {
        key: "4e",
        scenario: `verify-totp wrong, ${samples} sequential`,
        group: "web",
        p50: codes.wrongTotp.median,
        tail: codes.wrongTotp.p95,
        tailLabel: "p95",
        note: "budget: 20 ms median",
      },
      {
        key: "4f",
        scenario: `verify-backup-code wrong, ${samples} sequential`,
        group: "web",
        p50: codes.wrongRecovery.median,
        tail: codes.wrongRecovery.p95,
        tailLabel: "p95",
        note: "budget: 20 ms median",
      },
      loadRow("5a", "session check, 1 connection", "web", alone),
      {
        ...loadRow("5b", `session check + ${PARALLEL_SIGN_INS} sign-ins`, "web", busy),
        note: `p50 ${(busy.p50 / alone.p50).toFixed(1)}×, p99 ${(busy.p99 / alone.p99).toFixed(1)}×; ${busy.signIns} sign-ins`,
      },
    ];
  });
}
