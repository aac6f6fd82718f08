/**
 * `npm run bench -- --profile`: the API list (row 1) and the floor (row 2), each server
 * under `node --cpu-prof` (profiles in /tmp, never in the repository), then the CPU time
 * of the measured phase only, per request and by function. With `--only web`: web's
 * session check (row 5a) and sign-ins (row 4a) instead.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Service } from "../processes.ts";
import type { LoadResult } from "./load.ts";
import { formatSummary, readProfile, summarise } from "./profile-summary.ts";
import {
  apiOptions,
  type Context,
  type DataSet,
  listLoad,
  loadRow,
  withService,
} from "./scenarios.ts";
import { startApi, startBare, startWeb } from "./services.ts";
import type { ResultRow } from "./table.ts";
import { sessionCheck, signIn, signUp } from "./web-bench.ts";

interface Target {
  name: "api" | "bare";
  start: (nodeArgs: string[]) => Promise<Service>;
  withToken: boolean;
}

/** The main thread's profile: CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile, thread 0. */
function mainThreadProfile(dir: string): string {
  const files = readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"));
  const file = files.find((name) => name.split(".").at(-3) === "0") ?? files[0];
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  return path.join(dir, file);
}

export async function profileRun(
  ctx: Context,
  databaseUrl: string,
  data: DataSet,
): Promise<ResultRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tasks-bench-profile-"));
  const targets: Target[] = [
    {
      name: "api",
      start: (args) => startApi(apiOptions(ctx, databaseUrl, { nodeArgs: args })),
      withToken: true,
    },
    { name: "bare", start: (args) => startBare(databaseUrl, args), withToken: false },
  ];
  const results: LoadResult[] = [];
  for (const target of targets) {
    const out = path.join(dir, target.name);
    const args = ["--cpu-prof", `--cpu-prof-dir=${out}`, "--cpu-prof-interval=200"];
    const result = await withService(target.start(args), (service) =>
      listLoad(ctx, service, data.small, target.withToken),
    );
    results.push(result);
    const file = mainThreadProfile(out);
    const summary = summarise(readProfile(file), 30, result.window);
    const perRequest = (summary.busyMs * 1000) / result.requests;
    console.info(
      `\n=== ${target.name}: ${file}\n${result.requests} requests in the measured phase, ` +
        `${perRequest.toFixed(0)} µs of main-thread CPU per request\n\n${formatSummary(summary)}`,
    );
  }
  const [api, bare] = results;
  if (!api || !bare) throw new Error("unreachable");
  return [
    { ...loadRow("1", "API list 50 (PostgreSQL)", "api", api), note: "under --cpu-prof" },
    { ...loadRow("2", "floor: node:http + pg, same SQL", "floor", bare), note: "under --cpu-prof" },
  ];
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Web under `--cpu-prof`: session checks at one connection, then `samples` sign-ins. */
export async function profileWeb(
  ctx: Context,
  databaseUrl: string,
  samples: number,
): Promise<ResultRow[]> {
  const out = mkdtempSync(path.join(os.tmpdir(), "tasks-bench-profile-web-"));
  const args = ["--cpu-prof", `--cpu-prof-dir=${out}`, "--cpu-prof-interval=200"];
  const credentials = { email: "profile@bench.test", password: "correct horse battery staple" };
  const { checks, signIns } = await withService(startWeb(databaseUrl, args), async (web) => {
    await signUp(web, credentials);
    const { cookie } = await signIn(web, credentials);
    const phase = { ...ctx.phase, connections: 1, credentials, cookie, parallelSignIns: 0 };
    const checks = await sessionCheck(web, phase);
    const fromUs = nowUs();
    for (let i = 0; i < samples; i++) await signIn(web, credentials);
    return { checks, signIns: { count: samples, window: { fromUs, toUs: nowUs() } } };
  });
  const file = mainThreadProfile(out);
  for (const [name, requests, window] of [
    ["session checks", checks.requests, checks.window],
    ["sign-ins", signIns.count, signIns.window],
  ] as const) {
    const summary = summarise(readProfile(file), 30, window);
    const perRequest = (summary.busyMs * 1000) / requests;
    console.info(
      `\n=== web, ${name}: ${file}\n${requests} requests in the measured phase, ` +
        `${perRequest.toFixed(0)} µs of main-thread CPU per request\n\n${formatSummary(summary)}`,
    );
  }
  return [
    { ...loadRow("5a", "session check, 1 connection", "web", checks), note: "under --cpu-prof" },
  ];
}
