/**
 * The dashboard under interaction, in Debian's Chromium on the product as
 * `npm start` runs it, without throttling:
 * - the todo workload of Speedometer: add 100 tasks one after another (title, Enter), then
 *   complete each, then delete each; every step timed from the input until the page shows
 *   its effect and until the API's answer is announced (ms);
 * - with 10,000 tasks: the dashboard's first contentful paint and largest contentful paint,
 *   and a search keystroke: the longest event of its interaction (what INP reports, by the
 *   Event Timing API), and the time until the list shows the results.
 *
 *   npm run bench -- --only interaction
 */
import { type Browser, chromium, type Page } from "@playwright/test";
import { CHROMIUM_FLAGS, requireChromium } from "../chromium.ts";
import { importTasks, type Person, plannedTask, signUp, startProduct } from "../product.ts";

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

/**
 * One step's two times (ms from the input): until the page shows its effect (the dashboard
 * updates before the API answers), and until the API's answer is announced in the status
 * region.
 */
async function step(
  act: () => Promise<void>,
  shown: () => Promise<void>,
  page: Page,
  said: string,
) {
  const started = performance.now();
  await act();
  await shown();
  const display = performance.now() - started;
  await page.getByRole("status").filter({ hasText: said }).waitFor();
  return { shown: display, confirmed: performance.now() - started };
}

/** Add, complete and delete `count` tasks through the page, one after another, each step timed. */
async function todoWorkload(page: Page, count: number) {
  await page.goto("/dashboard");
  const title = page.getByLabel("Title", { exact: true });
  const names = Array.from(
    { length: count },
    (_, i) => `Workload ${String(i + 1).padStart(3, "0")}`,
  );
  const checkbox = (name: string, checked?: boolean) =>
    page.getByRole("checkbox", { name, exact: true, checked });
  const steps: Record<"add" | "complete" | "delete", { shown: number; confirmed: number }[]> = {
    add: [],
    complete: [],
    delete: [],
  };
  for (const name of names) {
    await title.fill(name);
    steps.add.push(
      await step(
        () => title.press("Enter"),
        () => checkbox(name).waitFor(),
        page,
        `Added “${name}”.`,
      ),
    );
  }
  for (const name of names) {
    steps.complete.push(
      await step(
        () => checkbox(name).click(),
        () => checkbox(name, true).waitFor(),
        page,
        `Completed “${name}”.`,
      ),
    );
  }
  for (const name of names) {
    steps.delete.push(
      await step(
        () => page.getByRole("button", { name: `Delete ${name}`, exact: true }).click(),
        () => checkbox(name).waitFor({ state: "detached" }),
        page,
        `Deleted “${name}”.`,
      ),
    );
  }
  const figures = (samples: { shown: number; confirmed: number }[]) => ({
    shown: spread(samples.map((sample) => sample.shown)),
    confirmed: spread(samples.map((sample) => sample.confirmed)),
  });
  return {
    add: figures(steps.add),
    complete: figures(steps.complete),
    delete: figures(steps.delete),
  };
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
  // Shown: the list holds results only, every task's checkbox naming a "7".
  const tasks = (name: RegExp) => page.getByRole("listitem").getByRole("checkbox", { name });
  const shown = await timed(async () => {
    await page.keyboard.press("7");
    await tasks(/^[^7]*$/)
      .first()
      .waitFor({ state: "detached", timeout: 30_000 });
    await tasks(/7/).first().waitFor();
  });
  // Event Timing reports an interaction once its frame is painted.
  await page.waitForTimeout(500);
  const durations = (await page.evaluate("window.interactionEvents")) as number[];
  return { ...paints, inp: Math.max(0, ...durations), resultsShown: shown };
}

type Spread = ReturnType<typeof spread>;

export interface InteractionFigures {
  tasks: number;
  workload: Record<"add" | "complete" | "delete", { shown: Spread; confirmed: Spread }>;
  large: { count: number; fcp: number; lcp: number; inp: number; resultsShown: number };
}

/** Starts the product, runs both parts in Chromium, stops everything it started. */
export async function measureInteraction(options: {
  tasks: number;
  large: number;
  log: (message: string) => void;
}): Promise<InteractionFigures> {
  const product = await startProduct(options.log);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_FLAGS });
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
    await browser?.close();
    await product.stop();
  }
}

/** The figures as printed: one row a workload step, then the large list's line. */
export function formatInteraction(figures: InteractionFigures): string {
  const columns = ["step", "shown p50", "shown p95", "confirmed p50", "confirmed p95", "total"];
  const ms = (value: number) => String(Math.round(value)).padStart(15);
  const rows = Object.entries(figures.workload).map(
    ([name, { shown, confirmed }]) =>
      name.padEnd(10) +
      [shown.p50, shown.p95, confirmed.p50, confirmed.p95, confirmed.total].map(ms).join(""),
  );
  const { count, fcp, lcp, inp, resultsShown } = figures.large;
  return [
    `dashboard, ${figures.tasks} tasks one after another (ms from the input: shown on the page; confirmed by the API)`,
    `${columns[0]?.padEnd(10)}${columns
      .slice(1)
      .map((column) => column.padStart(15))
      .join("")}`,
    ...rows,
    `${count} tasks: FCP ${Math.round(fcp)} ms, LCP ${Math.round(lcp)} ms; a search keystroke: INP ${Math.round(inp)} ms, results shown after ${Math.round(resultsShown)} ms`,
  ].join("\n");
}
