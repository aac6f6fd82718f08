/**
 * `npm run audit:pages`: what a browser notices. Builds the web app if needed, starts the
 * product as `npm start` does on a fresh embedded database (a temporary DATA_DIR, free
 * ports), signs a person up through the real sign-up endpoint and seeds tasks through the
 * API, then runs Lighthouse once on every page of PAGES in Debian's Chromium (mobile preset,
 * Lighthouse's default). Prints one row per page and exits 1 when accessibility, best
 * practices or SEO is below 100 on any page, naming the audits that failed. Performance and
 * the metrics are figures, not gates (docs/benchmarks.md). Everything it started is stopped
 * at the end, also on failure or Ctrl-C. Lighthouse downloads nothing.
 *
 *   npm run audit:pages
 *   npm run audit:pages -- --json /tmp/lighthouse     also writes each page's full report
 *   npm run audit:pages -- --page /dashboard          audits only the pages named
 *
 * AUDIT_WEB_PORT and AUDIT_API_PORT pin the ports (free ones by default); CHROMIUM_PATH
 * names the browser (/usr/bin/chromium by default).
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { launch as launchChrome } from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer, { type Page } from "puppeteer-core";
import { buildProduct } from "./build.ts";
import { CHROMIUM_FLAGS, requireChromium } from "./chromium.ts";
import {
  CATEGORIES,
  formatTable,
  GATED,
  type PageSummary,
  summarize,
} from "./lighthouse-summary.ts";
import { freePort, launch, type Service, stopAll } from "./processes.ts";

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
const WATCHDOG_MS = 10 * 60_000;

const { values: args } = parseArgs({
  options: { json: { type: "string" }, page: { type: "string", multiple: true } },
});

function log(message: string): void {
  console.info(`[audit] ${message}`);
}

interface Person {
  userId: string;
  cookies: { name: string; value: string }[];
}

/** Signs up through web's real endpoint, from web's own origin (Better Auth's origin check). */
async function signUp(webUrl: string): Promise<Person> {
  const response = await fetch(`${webUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: webUrl },
    body: JSON.stringify({
      name: "Audit Person",
      email: `audit-${Date.now()}@example.com`,
      password: "a long audit password",
    }),
  });
  if (response.status !== 200) throw new Error(`sign-up answered ${response.status}`);
  const body = (await response.json()) as { user: { id: string } };
  const cookies = response.headers.getSetCookie().map((line) => {
    const pair = line.split(";", 1)[0] ?? "";
    const at = pair.indexOf("=");
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  return { userId: body.user.id, cookies };
}

/** The date `days` from today, YYYY-MM-DD. */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Adds SEEDED_TASKS tasks with the API token web issues for the session (R-T1, R-K2). */
async function seedTasks(webUrl: string, apiUrl: string, person: Person): Promise<void> {
  const cookie = person.cookies.map(({ name, value }) => `${name}=${value}`).join("; ");
  const tokenResponse = await fetch(`${webUrl}/api/auth/token`, { headers: { cookie } });
  if (!tokenResponse.ok) throw new Error(`/api/auth/token answered ${tokenResponse.status}`);
  const { token } = (await tokenResponse.json()) as { token: string };
  for (let i = 1; i <= SEEDED_TASKS; i++) {
    const response = await fetch(`${apiUrl}/api/${person.userId}/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        title: `Task ${i}: ${["water the plants", "call the bank", "review the draft"][i % 3]}`,
        description: i % 2 === 0 ? `Details for task ${i}, long enough to wrap on a phone.` : "",
        completed: i % 4 === 0,
        // Planned like a real list: some dated (a few overdue), prioritised and tagged.
        dueDate: i % 3 === 0 ? dayFromToday((i % 15) - 5) : null,
        priority: (["none", "low", "medium", "high"] as const)[i % 4],
        tags: i % 2 === 0 ? ["home"] : i % 5 === 0 ? ["work", "urgent"] : [],
      }),
    });
    if (response.status !== 201) throw new Error(`adding a task answered ${response.status}`);
  }
}

async function waitUntilReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s`);
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
      { logLevel: "error", output: "json", onlyCategories: CATEGORIES },
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
  const dataDir = mkdtempSync(path.join(tmpdir(), "tasks-audit-"));
  const webPort = Number(process.env.AUDIT_WEB_PORT ?? (await freePort()));
  const apiPort = Number(process.env.AUDIT_API_PORT ?? (await freePort()));
  const webUrl = `http://localhost:${webPort}`;
  const apiUrl = `http://localhost:${apiPort}`;
  let product: Service | undefined;
  let chrome: Awaited<ReturnType<typeof launchChrome>> | undefined;
  cleanUp = async () => {
    chrome?.kill();
    chrome = undefined;
    await product?.stop();
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  };

  log(`starting the product on ${webUrl} and ${apiUrl} (data in ${dataDir})`);
  product = await launch({
    name: "npm start",
    entry: "scripts/start.ts",
    port: webPort,
    healthPath: "/api/ready",
    timeoutMs: 120_000,
    env: {
      DATA_DIR: dataDir,
      WEB_PORT: String(webPort),
      API_PORT: String(apiPort),
      WEB_URL: webUrl,
      API_URL: apiUrl,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  await waitUntilReady(`${apiUrl}/ready`);
  const person = await signUp(webUrl);
  await seedTasks(webUrl, apiUrl, person);
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
  const rows: PageSummary[] = [];
  for (const audited of PAGES.filter((p) => !args.page || args.page.includes(p.path))) {
    await useSession(page, webUrl, audited.signedIn ? person : undefined);
    log(`Lighthouse on ${audited.path}`);
    const lhr = await runLighthouse(page, `${webUrl}${audited.path}`, () => product?.output());
    if (args.json) {
      mkdirSync(args.json, { recursive: true });
      const file = `${audited.path.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "home"}.json`;
      writeFileSync(path.join(args.json, file), JSON.stringify(lhr, null, 2));
    }
    rows.push(summarize(audited.path, lhr));
  }
  await browser.disconnect();

  console.info("");
  console.info(formatTable(rows));
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
