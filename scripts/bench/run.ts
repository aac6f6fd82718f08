/**
 * `npm run bench`: the benchmark suite (docs/benchmarks.md). Starts every server itself on
 * 127.0.0.1 (child processes, stopped at the end even on failure), seeds with SQL, runs
 * fixed-length load phases and prints one table.
 *
 *   npm run bench                                   the whole suite (about 4 minutes)
 *   npm run bench -- --svg docs/images/bench-throughput.svg --json /tmp/bench.json
 *   npm run bench -- --profile                      rows 1–2 under --cpu-prof, profiles in /tmp
 *   npm run bench -- --profile --only web           web's rows 5a and 4a under --cpu-prof
 *   npm run bench -- --only api --compare-api /tmp/tasks-before
 *                                                   rows 1b, 1c, ...: earlier commits' APIs
 *                                                   (comma-separated), in the same turns
 *                                                   (scripts/bench/worktree.ts)
 *   npm run bench -- --only api,embedded            a subset: api (rows 1–3), web (4–5),
 *                                                   embedded (6, with api), revocation (7),
 *                                                   search (8)
 *   npm run bench -- --only interaction             the dashboard in Chromium: 100 tasks added,
 *                                                   completed and deleted; 10,000 tasks'
 *                                                   paints and a search keystroke (not in
 *                                                   the default run)
 *
 * BENCH_DATABASE_URL: the PostgreSQL server to create the bench database on
 * (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startTestIssuer } from "../../apps/api/src/testing/issuer.ts";
import { buildWeb, webBuildIsStale } from "../build.ts";
import { root, stopAll } from "../processes.ts";
import { removeProductData } from "../product.ts";
import { throughputChart } from "./chart.ts";
import { formatInteraction, measureInteraction } from "./dashboard-interaction.ts";
import {
  type BenchDatabase,
  createPostgresDatabase,
  people,
  seed,
  startEmbedded,
} from "./database.ts";
import { describeMachine, warnIfBusy } from "./machine.ts";
import { profileRun, profileWeb } from "./profile-run.ts";
import { revocationRows } from "./revocation.ts";
import { type Context, type DataSet, listRows } from "./scenarios.ts";
import { searchCostRows } from "./search-cost.ts";
import { formatTable, type ResultRow } from "./table.ts";
import { webRows } from "./web-scenarios.ts";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "9" },
    warmup: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "32" },
    samples: { type: "string", default: "20" },
    // The product's default: every request is logged, as in production.
    "api-log-level": { type: "string", default: "info" },
    profile: { type: "boolean", default: false },
    json: { type: "string" },
    /** Checkouts (scripts/bench/worktree.ts, comma-separated) measured beside this one. */
    "compare-api": { type: "string" },
    svg: { type: "string" },
    /** Comma-separated subset of api,web,embedded,revocation,search,interaction. */
    only: { type: "string", default: "api,web,embedded,revocation,search" },
  },
});

const only = new Set(args.only.split(","));
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
// The interaction rows drive a browser through about 300 steps and 10,000 tasks.
const WATCHDOG_MS = (only.has("interaction") ? 14 : 8) * 60_000;
const started = performance.now();
const log = (message: string) =>
  console.info(
    `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}`,
  );

const small = people("bench-small-", 1, 50)[0];
const large = people("bench-large-", 1, 10_000)[0];
const imported = people("bench-imported-", 1, 10_000)[0];
if (!small || !large || !imported) throw new Error("unreachable");
const others = people("bench-other-", 200, 50);
// The imported person's tasks come through the API (rows 3i–3ti), not the seed.
const data: DataSet = {
  small,
  large,
  imported,
  all: [small, large, { ...imported, tasks: 0 }, ...others],
};

const databases: BenchDatabase[] = [];
let cleaning: Promise<void> | undefined;
const cleanUp = () => {
  cleaning ??= stopAll().then(async () => {
    for (const database of databases.splice(0)) await database.drop().catch(() => {});
    await removeProductData().catch(() => {});
  });
  return cleaning;
};

async function main() {
  const about = await describeMachine(serverUrl);
  log(about);
  warnIfBusy(log);
  const usesWeb = only.has("web") || only.has("revocation") || only.has("interaction");
  if (!args.profile && usesWeb && webBuildIsStale()) {
    // Built once when missing; an existing build is measured as it is, never rebuilt.
    if (existsSync(path.join(root, "apps/web/.next/BUILD_ID"))) {
      log("note: the web build is older than its sources; rows 4–5 measure the build");
    } else {
      log("building the web app");
      buildWeb();
    }
  }
  if (only.has("interaction")) {
    const figures = await measureInteraction({ tasks: 100, large: 10_000, log });
    console.info(`\n${formatInteraction(figures)}\n`);
    if (only.size === 1) return;
  }
  const issuer = await startTestIssuer();
  try {
    const ctx: Context = {
      issuer,
      apiLogLevel: args["api-log-level"],
      compareCheckouts: args["compare-api"]?.split(",").filter(Boolean) ?? [],
      log,
      phase: {
        connections: Number(args.connections),
        durationSeconds: Number(args.duration),
        warmupSeconds: Number(args.warmup),
        rounds: Math.max(1, Number(args.rounds)),
      },
    };
    const postgres = await createPostgresDatabase(serverUrl);
    databases.push(postgres);
    await seed(postgres.url, data.all);
    log(`seeded ${data.all.length} people on PostgreSQL`);
    if (args.profile) {
      const rows = only.has("api")
        ? await profileRun(ctx, postgres.url, data)
        : await profileWeb(ctx, postgres.url, Number(args.samples));
      console.info(formatTable(rows));
      return;
    }
    const rows: ResultRow[] = [];
    if (only.has("api")) {
      let embedded: BenchDatabase | undefined;
      if (only.has("embedded")) {
        embedded = await startEmbedded();
        databases.push(embedded);
        await seed(embedded.url, data.all);
        log(`seeded the same people on the embedded PGlite (own process)`);
      }
      rows.push(...(await listRows(ctx, postgres.url, embedded?.url, data)));
    }
    if (only.has("web")) rows.push(...(await webRows(ctx, postgres.url, Number(args.samples))));
    if (only.has("revocation")) {
      rows.push(...(await revocationRows(ctx, postgres.url, Number(args.samples))));
    }
    if (only.has("search")) {
      rows.push(...(await searchCostRows(ctx, postgres.url, Number(args.samples))));
    }
    rows.sort((a, b) => a.key.localeCompare(b.key, "en", { numeric: true }));

    const settings = `${ctx.phase.connections} connections; per list target ${ctx.phase.warmupSeconds} s warm-up, then ${ctx.phase.durationSeconds} s in ${ctx.phase.rounds} turns; API log level ${ctx.apiLogLevel}`;
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
  void cleanUp().finally(() => process.exit(1));
  // A clean-up that hangs too does not keep the run alive (children are killed on exit).
  setTimeout(() => process.exit(1), 30_000).unref();
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
