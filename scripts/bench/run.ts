/**
 * `npm run bench`: the benchmark suite (docs/benchmarks.md). Starts every server itself on
 * 127.0.0.1 (child processes, stopped at the end even on failure), seeds with SQL, runs
 * fixed-length load phases and prints one table.
 *
 *   npm run bench                                   the whole suite (about 2½ minutes)
 *   npm run bench -- --svg docs/images/bench-throughput.svg --json /tmp/bench.json
 *   npm run bench -- --profile                      rows 1–2 under --cpu-prof, profiles in /tmp
 *   npm run bench -- --only api,embedded            a subset (api, web, embedded)
 *
 * BENCH_DATABASE_URL: the PostgreSQL server to create the bench database on
 * (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startTestIssuer } from "../../apps/api/src/testing/issuer.ts";
import { webBuildIsStale } from "../web-build.ts";
import { throughputChart } from "./chart.ts";
import {
  type BenchDatabase,
  createPostgresDatabase,
  people,
  seed,
  startEmbedded,
} from "./database.ts";
import { describeMachine, warnIfBusy } from "./machine.ts";
import { killAllNow, root, stopAll } from "./processes.ts";
import { profileRun } from "./profile-run.ts";
import { apiRows, type Context, type DataSet, embeddedRow } from "./scenarios.ts";
import { ensureWebBuild } from "./services.ts";
import { formatTable, type ResultRow } from "./table.ts";
import { webRows } from "./web-scenarios.ts";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "8" },
    warmup: { type: "string", default: "5" },
    connections: { type: "string", default: "32" },
    samples: { type: "string", default: "20" },
    "api-log-level": { type: "string", default: "warn" },
    profile: { type: "boolean", default: false },
    "embedded-own-process": { type: "boolean", default: false },
    json: { type: "string" },
    svg: { type: "string" },
    /** Comma-separated subset of api,web,embedded. */
    only: { type: "string", default: "api,web,embedded" },
  },
});

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const WATCHDOG_MS = 8 * 60_000;
const started = performance.now();
const log = (message: string) =>
  console.info(
    `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}`,
  );

const small = people("bench-small-", 1, 50)[0];
const large = people("bench-large-", 1, 10_000)[0];
if (!small || !large) throw new Error("unreachable");
const data: DataSet = { small, large, all: [small, large, ...people("bench-other-", 200, 50)] };

const databases: BenchDatabase[] = [];
let cleaning: Promise<void> | undefined;
const cleanUp = () => {
  cleaning ??= stopAll().then(async () => {
    for (const database of databases.splice(0)) await database.drop().catch(() => {});
  });
  return cleaning;
};

async function main() {
  const about = await describeMachine(serverUrl);
  log(about);
  warnIfBusy(log);
  if (!args.profile && args.only.includes("web")) {
    ensureWebBuild(log);
    if (webBuildIsStale(root))
      log("note: the web build is older than its sources; rows 4–5 measure the build");
  }
  const issuer = await startTestIssuer();
  try {
    const ctx: Context = {
      issuer,
      apiLogLevel: args["api-log-level"],
      log,
      phase: {
        connections: Number(args.connections),
        durationSeconds: Number(args.duration),
        warmupSeconds: Number(args.warmup),
      },
    };
    const postgres = await createPostgresDatabase(serverUrl);
    databases.push(postgres);
    await seed(postgres.url, data.all);
    log(`seeded ${data.all.length} people on PostgreSQL`);
    if (args.profile) {
      console.info(formatTable(await profileRun(ctx, postgres.url, data)));
      return;
    }
    const only = new Set(args.only.split(","));
    const rows: ResultRow[] = [];
    const api =
      only.has("api") || only.has("embedded") ? await apiRows(ctx, postgres.url, data) : undefined;
    if (api && only.has("api")) rows.push(...api.rows);
    if (only.has("web")) rows.push(...(await webRows(ctx, postgres.url, Number(args.samples))));
    if (api && only.has("embedded")) {
      const embedded = await startEmbedded(args["embedded-own-process"]);
      databases.push(embedded);
      log(
        `embedded PGlite (${args["embedded-own-process"] ? "own process" : "in the bench process"})`,
      );
      rows.push(await embeddedRow(ctx, embedded.url, data, api.api));
    }

    const settings = `${ctx.phase.connections} connections, ${ctx.phase.warmupSeconds} s warm-up + ${ctx.phase.durationSeconds} s per load phase`;
    console.info(`\n${about}\n${settings}\n\n${formatTable(rows)}\n`);
    if (args.json)
      writeFileSync(args.json, `${JSON.stringify({ about, settings, rows }, null, 2)}\n`);
    if (args.svg) writeFileSync(args.svg, throughputChart(rows, `${about}; ${settings}`));
    log("done");
  } finally {
    await issuer.close();
  }
}

const watchdog = setTimeout(() => {
  console.error(`[bench] over ${WATCHDOG_MS / 60_000} minutes: stopping everything`);
  killAllNow();
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

process.once("SIGINT", () => {
  log("interrupted: stopping every server and dropping the bench databases");
  void cleanUp().finally(() => process.exit(130));
});

main()
  .catch((error: unknown) => {
    console.error(
      "[bench] failed:",
      error instanceof Error ? (error.stack ?? error.message) : error,
    );
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    clearTimeout(watchdog);
  });
