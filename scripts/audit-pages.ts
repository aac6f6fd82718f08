/**
 * `npm run audit:pages`: what a browser notices. Builds the web app if needed, starts the
 * product as `npm start` does on a fresh embedded database (a temporary DATA_DIR, free ports;
 * AUDIT_DATABASE_URL below for PostgreSQL), signs a person up through the real sign-up
 * endpoint and seeds tasks through the API, then runs Lighthouse on every page of PAGES in
 * Debian's Chromium (mobile preset, Lighthouse's default), `--runs` times each, keeping the
 * median run. Beside them it builds and audits the floor, a minimal app on the same Next.js
 * (floor-app.ts). Prints one row per page and exits 1 when accessibility, best practices or
 * SEO is below 100 on any product page, naming the audits that failed. Performance and the
 * metrics are figures, not gates (docs/benchmarks.md). Everything it started is stopped at
 * the end, also on failure or Ctrl-C. Lighthouse downloads nothing.
 *
 *   npm run audit:pages                               3 runs a page, the floor beside
 *   npm run audit:pages -- --runs 1                   one run a page (CI)
 *   npm run audit:pages -- --no-floor                 the product alone
 *   npm run audit:pages -- --json /tmp/lighthouse     also writes each page's median report
 *   npm run audit:pages -- --page /dashboard          audits only the pages named
 *   npm run audit:pages -- --throttling devtools      loads each page at the slow speed
 *                                                     (Lighthouse's applied throttling)
 *                                                     instead of simulating it
 *
 * AUDIT_WEB_PORT and AUDIT_API_PORT pin the ports (free ones by default); AUDIT_DATABASE_URL
 * names a PostgreSQL server to run the product on (a new database there, dropped at the end)
 * instead of the embedded one; CHROMIUM_PATH names the browser (/usr/bin/chromium by default).
 */

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { launch as launchChrome } from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer, { type Page } from "puppeteer-core";
import { buildProduct } from "./build.ts";
import { CHROMIUM_FLAGS, requireChromium } from "./chromium.ts";
import { FLOOR_PAGES, startFloor } from "./floor-app.ts";
import {
  CATEGORIES,
  formatTable,
  GATED,
  medianRun,
  type PageSummary,
  summarize,
} from "./lighthouse-summary.ts";
import { freePort, stopAll } from "./processes.ts";
import {
  importTasks,
  type Person,
  type Product,
  plannedTask,
  removeProductData,
  signUp,
  startProduct,
} from "./product.ts";

interface AuditedPage {
  path: string;
  /** Audited with the test person's session cookie (signed-out visitors are redirected). */
  signedIn: boolean;
}

/** Every page of the product; one line each. */
const PAGES: AuditedPage[] = [
  { path: "/", signedIn: false },
  { path: "/signin", signedIn: false },
  { path: "/signup", signedIn: false },
  { path: "/dashboard", signedIn: true },
  { path: "/account", signedIn: true },
  { path: "/forgot-password", signedIn: false },
  { path: "/reset-password?token=audit", signedIn: false },
];

/** Tasks in the person's list, so /dashboard is measured with a realistic list. */
const SEEDED_TASKS = 50;
const CHROME_FLAGS = ["--headless=new", ...CHROMIUM_FLAGS];
const WATCHDOG_MS = 30 * 60_000;

const { values: args } = parseArgs({
  options: {
    json: { type: "string" },
    page: { type: "string", multiple: true },
    runs: { type: "string", default: "3" },
    throttling: { type: "string", default: "simulate" },
    "no-floor": { type: "boolean", default: false },
  },
});
const RUNS = Number(args.runs);
const THROTTLING = args.throttling as "simulate" | "devtools";
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error("--runs takes a whole number from 1");
if (THROTTLING !== "simulate" && THROTTLING !== "devtools") {
  throw new Error("--throttling takes simulate (Lighthouse's default) or devtools");
}

function log(message: string): void {
  console.info(`[audit] ${message}`);
}

/** The page's cookies: the person's session for signed-in pages, none otherwise. */
async function useSession(page: Page, webUrl: string, person: Person | undefined): Promise<void> {
  const cdp = await page.createCDPSession();
  await cdp.send("Network.clearBrowserCookies");
  await cdp.detach();
  if (!person) return;
  await page.setCookie(
    ...person.cookies.map(({ name, value }) => ({
      name,
      value,
      url: webUrl,
      httpOnly: true,
      sameSite: "Lax" as const,
    })),
  );
}

/**
 * One Lighthouse run of `url` in `page`. A run that could not load the page at all (a
 * runtime error, such as a reset connection on a loaded machine) is tried once more; a
 * second one fails with the product's recent output.
 */
async function runLighthouse(page: Page, url: string, output: () => string | undefined) {
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(
      url,
      {
        logLevel: "error",
        output: "json",
        onlyCategories: CATEGORIES,
        throttlingMethod: THROTTLING,
      },
      undefined,
      page,
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const error = result.lhr.runtimeError;
    if (!error) return result.lhr;
    if (attempt === 2)
      throw new Error(`Lighthouse on ${url}: ${error.code}: ${error.message}\n${output()}`);
    log(`${url} did not load (${error.code}): trying once more`);
  }
}

let cleanUp: () => Promise<void> = () => stopAll();
let interrupted = false;

async function main(): Promise<number> {
  await buildProduct(false, log);
  let product: Product | undefined;
  let chrome: Awaited<ReturnType<typeof launchChrome>> | undefined;
  cleanUp = async () => {
    chrome?.kill();
    chrome = undefined;
    await product?.stop();
    await stopAll();
    await removeProductData();
  };

  product = await startProduct(log, { databaseServerUrl: process.env.AUDIT_DATABASE_URL });
  const { webUrl } = product;
  const person = await signUp(webUrl);
  await importTasks(
    product,
    person,
    Array.from({ length: SEEDED_TASKS }, (_, i) => plannedTask(i + 1)),
  );
  log(`signed up a person with ${SEEDED_TASKS} tasks`);

  chrome = await launchChrome({
    chromePath: requireChromium(),
    chromeFlags: CHROME_FLAGS,
    logLevel: "silent",
    // Ours stops the product too; chrome-launcher's own would exit without it.
    handleSIGINT: false,
  });
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const page = await browser.newPage();
  /** The median of RUNS Lighthouse runs of `url`, its report written with --json. */
  const audit = async (label: string, url: string, output: () => string | undefined) => {
    log(`Lighthouse on ${label}, ${RUNS} run(s)`);
    const runs: { summary: PageSummary; lhr: Awaited<ReturnType<typeof runLighthouse>> }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const lhr = await runLighthouse(page, url, output);
      runs.push({ summary: summarize(label, lhr), lhr });
    }
    const median = medianRun(runs.map((run) => run.summary));
    if (args.json) {
      mkdirSync(args.json, { recursive: true });
      const file = `${label.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "home"}.json`;
      const lhr = runs.find((run) => run.summary === median)?.lhr;
      writeFileSync(path.join(args.json, file), JSON.stringify(lhr, null, 2));
    }
    return median;
  };
  const rows: PageSummary[] = [];
  for (const audited of PAGES.filter((p) => !args.page || args.page.includes(p.path))) {
    await useSession(page, webUrl, audited.signedIn ? person : undefined);
    rows.push(
      await audit(audited.path, `${webUrl}${audited.path}`, () => product?.service.output()),
    );
  }
  const floors: PageSummary[] = [];
  if (!args["no-floor"]) {
    await useSession(page, webUrl, undefined);
    const floorPort = await freePort();
    log("building and starting the floor app");
    const floor = await startFloor(floorPort);
    for (const floorPage of FLOOR_PAGES) {
      const url = `http://localhost:${floorPort}${floorPage}`;
      floors.push(await audit(`floor ${floorPage}`, url, () => floor.output()));
    }
    await floor.stop();
  }
  await browser.disconnect();

  console.info("");
  // The landing page stands beside the floor's static page, every other page beside its form.
  const floorOf = (row: PageSummary) =>
    floors.includes(row) ? undefined : row.page === "/" ? floors[0] : floors[1];
  console.info(formatTable([...rows, ...floors], floors.length > 0 ? floorOf : undefined));
  const failing = rows.filter((row) => row.belowGate.length > 0);
  for (const row of failing) {
    console.error(`\n${row.page}: below 100 in ${row.belowGate.join(", ")}`);
    for (const failure of row.failures) console.error(`  ${failure}`);
  }
  if (failing.length === 0) log(`${GATED.join(", ")}: 100 on all ${rows.length} pages`);
  return failing.length === 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  console.error(`[audit] over ${WATCHDOG_MS / 60_000} minutes: stopping everything`);
  void cleanUp().finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    void cleanUp().finally(() => process.exit(130));
  });
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    if (!interrupted) {
      console.error("[audit] failed:", error instanceof Error ? error.message : error);
    }
    process.exitCode = 1;
  })
  .finally(async () => {
    clearTimeout(watchdog);
    await cleanUp();
  });
