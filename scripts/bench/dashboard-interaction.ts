/**
 * The dashboard under interaction (issue 21), in Debian's Chromium on the product as
 * `npm start` runs it, without throttling:
 * - the todo workload of Speedometer: add 100 tasks one after another (title, Enter), then
 *   complete each, then delete each; every step timed from the input until the page shows
 *   its effect (ms);
 * - with 10,000 tasks: the dashboard's first contentful paint and largest contentful paint,
 *   and a search keystroke: the longest event of its interaction (what INP reports, by the
 *   Event Timing API), and the time until the list shows the results.
 *
 *   npm run bench -- --only interaction
 */
import { type Browser, chromium, type Page } from "@playwright/test";
import { CHROMIUM_FLAGS, requireChromium } from "../chromium.ts";
import { root } from "../processes.ts";
import { importTasks, type Person, plannedTask, signUp, startProduct } from "../product.ts";
import { buildWebIfStale } from "../web-build.ts";

/** Median and 95th percentile of `samples` (ms), and their sum. */
function spread(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const total = samples.reduce((sum, ms) => sum + ms, 0);
  return { p50: at(0.5), p95: at(0.95), total };
}

async function timed(action: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function signedInPage(browser: Browser, webUrl: string, person: Person): Promise<Page> {
  const context = await browser.newContext({ baseURL: webUrl });
  await context.addCookies(person.cookies.map(({ name, value }) => ({ name, value, url: webUrl })));
  return context.newPage();
}

/** Add, complete and delete `count` tasks through the page, each step timed. */
async function todoWorkload(page: Page, count: number) {
  await page.goto("/dashboard");
  const title = page.getByLabel("Title", { exact: true });
  const names = Array.from(
    { length: count },
    (_, i) => `Workload ${String(i + 1).padStart(3, "0")}`,
  );
  const add: number[] = [];
  for (const name of names) {
    await title.fill(name);
    add.push(
      await timed(async () => {
        await title.press("Enter");
        await page.getByRole("checkbox", { name, exact: true }).waitFor();
      }),
    );
  }
  const complete: number[] = [];
  for (const name of names) {
    const box = page.getByRole("checkbox", { name, exact: true });
    complete.push(
      await timed(async () => {
        await box.click();
        await page.getByRole("checkbox", { name, exact: true, checked: true }).waitFor();
      }),
    );
  }
  const remove: number[] = [];
  for (const name of names) {
    remove.push(
      await timed(async () => {
        await page.getByRole("button", { name: `Delete ${name}`, exact: true }).click();
        await page.getByRole("checkbox", { name, exact: true }).waitFor({ state: "detached" });
      }),
    );
  }
  return { add: spread(add), complete: spread(complete), delete: spread(remove) };
}

/** The dashboard's paints with many tasks, and one search keystroke's interaction. */
async function largeList(page: Page) {
  await page.goto("/dashboard");
  await page.getByRole("checkbox").first().waitFor();
  // In the page's own terms (browser code as text: this package compiles without the DOM).
  const paints = (await page.evaluate(`new Promise((resolve) => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
    new PerformanceObserver((list) => resolve({ fcp, lcp: list.getEntries().at(-1)?.startTime ?? 0 }))
      .observe({ type: "largest-contentful-paint", buffered: true });
  })`)) as { fcp: number; lcp: number };
  await page.evaluate(`window.interactionEvents = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.interactionId) window.interactionEvents.push(entry.duration);
    }).observe({ type: "event", durationThreshold: 16, buffered: true });`);
  const search = page.getByLabel("Search tasks");
  await search.focus();
  const shown = await timed(async () => {
    await page.keyboard.press("7");
    await page.waitForURL(/[?&]q=7/);
    await page.getByRole("checkbox").first().waitFor();
  });
  // Event Timing reports an interaction once its frame is painted.
  await page.waitForTimeout(500);
  const durations = (await page.evaluate("window.interactionEvents")) as number[];
  return { ...paints, inp: Math.max(0, ...durations), resultsShown: shown };
}

export interface InteractionFigures {
  tasks: number;
  workload: Record<"add" | "complete" | "delete", ReturnType<typeof spread>>;
  large: { count: number; fcp: number; lcp: number; inp: number; resultsShown: number };
}

/** Starts the product, runs both parts in Chromium, stops everything it started. */
export async function measureInteraction(options: {
  tasks: number;
  large: number;
  log: (message: string) => void;
}): Promise<InteractionFigures> {
  buildWebIfStale(root, options.log);
  const product = await startProduct(options.log);
  const browser = await chromium.launch({
    executablePath: requireChromium(),
    args: CHROMIUM_FLAGS,
  });
  try {
    const person = await signUp(product.webUrl);
    options.log(`dashboard: adding, completing and deleting ${options.tasks} tasks`);
    const page = await signedInPage(browser, product.webUrl, person);
    const workload = await todoWorkload(page, options.tasks);
    const many = await signUp(product.webUrl);
    const tasks = Array.from({ length: options.large }, (_, i) => plannedTask(i + 1));
    await importTasks(product, many, tasks);
    options.log(`dashboard: ${options.large} tasks, first paint and a search keystroke`);
    const large = await largeList(await signedInPage(browser, product.webUrl, many));
    return { tasks: options.tasks, workload, large: { count: options.large, ...large } };
  } finally {
    await browser.close();
    await product.stop();
  }
}

/** The figures as printed: one row a workload step, then the large list's line. */
export function formatInteraction(figures: InteractionFigures): string {
  const ms = (value: number) => String(Math.round(value)).padStart(8);
  const rows = Object.entries(figures.workload).map(
    ([step, { p50, p95, total }]) => `${step.padEnd(10)}${ms(p50)}${ms(p95)}${ms(total)}`,
  );
  const { count, fcp, lcp, inp, resultsShown } = figures.large;
  return [
    `dashboard, ${figures.tasks} tasks one after another (ms from input to the page showing it)`,
    `step        p50 ms  p95 ms  total ms`,
    ...rows,
    `${count} tasks: FCP ${Math.round(fcp)} ms, LCP ${Math.round(lcp)} ms; a search keystroke: INP ${Math.round(inp)} ms, results shown after ${Math.round(resultsShown)} ms`,
  ].join("\n");
}
