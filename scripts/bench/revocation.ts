/**
 * Row 7: revocation latency (SPEC R-S6): a sign-out on web, then the time until a second
 * API instance (not the one the token was used on) refuses the ended session's token.
 * The product's own web and two APIs on PostgreSQL, web issuing the tokens.
 */
import type { Service } from "../processes.ts";
import { median, percentile } from "./load.ts";
import { type Context, loadAverage, withService } from "./scenarios.ts";
import { startApi, startWeb } from "./services.ts";
import type { ResultRow } from "./table.ts";
import { type Credentials, signIn, signUp } from "./web-bench.ts";

const POLL_MS = 5;
const GIVE_UP_MS = 3_000;

async function tokenOf(web: Service, cookie: string): Promise<{ token: string; sub: string }> {
  const response = await fetch(`${web.url}/api/auth/token`, { headers: { cookie } });
  const { token } = (await response.json()) as { token: string };
  const sub = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()).sub;
  return { token, sub };
}

const statusOn = async (api: Service, sub: string, token: string) =>
  (
    await fetch(`${api.url}/api/${sub}/tasks/counts`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).status;

/** One sample: ms from the sign-out's answer to the first 401 from `second`. */
async function sample(web: Service, [first, second]: Service[], credentials: Credentials) {
  const { cookie } = await signIn(web, credentials);
  const { token, sub } = await tokenOf(web, cookie);
  for (const api of [first, second] as Service[]) {
    if ((await statusOn(api, sub, token)) !== 200) throw new Error("a fresh token was refused");
  }
  const out = await fetch(`${web.url}/api/auth/sign-out`, {
    method: "POST",
    headers: { cookie, origin: web.url, "content-type": "application/json" },
    body: "{}",
  });
  const signedOut = performance.now();
  if (out.status !== 200) throw new Error(`sign-out answered ${out.status}`);
  while (performance.now() - signedOut < GIVE_UP_MS) {
    if ((await statusOn(second as Service, sub, token)) === 401)
      return performance.now() - signedOut;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`the second API still accepted the token ${GIVE_UP_MS} ms after sign-out`);
}

export async function revocationRows(
  ctx: Context,
  databaseUrl: string,
  samples: number,
): Promise<ResultRow[]> {
  return withService(startWeb(databaseUrl), async (web) => {
    const options = {
      databaseUrl,
      jwksUrl: `${web.url}/api/auth/jwks`,
      issuer: web.url,
      logLevel: ctx.apiLogLevel,
    };
    return withService(startApi(options), (first) =>
      withService(startApi(options), async (second) => {
        const credentials = { email: "revocation@bench.test", password: "correct horse battery" };
        await signUp(web, credentials);
        ctx.log(
          `revocation: ${samples} sign-outs, each timed to a 401 on API #2 (${loadAverage()})`,
        );
        const latencies: number[] = [];
        for (let i = 0; i < samples; i++)
          latencies.push(await sample(web, [first, second], credentials));
        return [
          {
            key: "7",
            scenario: `revocation: sign-out → 401 on API #2, ${samples} sequential`,
            group: "api",
            p50: median(latencies),
            tail: percentile(latencies, 95),
            tailLabel: "p95",
            note: `goal p95 ≤ 250 ms; max ${Math.max(...latencies).toFixed(0)} ms`,
          },
        ];
      }),
    );
  });
}
