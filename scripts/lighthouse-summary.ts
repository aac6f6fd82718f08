/**
 * What `npm run audit:pages` keeps of a Lighthouse report: the four category scores, three
 * metrics, the JavaScript a page ships and how much of it ran before the largest paint, and
 * the gate (accessibility, best practices and SEO at 100 on every page); the median of
 * several runs; each page beside the floor.
 */
import type { Result } from "lighthouse";

/** Categories that must score 100 on every page. */
export const GATED = ["accessibility", "best-practices", "seo"] as const;
/** Categories Lighthouse runs: performance is a figure, not a gate. */
export const CATEGORIES = ["performance", ...GATED];

export interface PageSummary {
  page: string;
  /** Category id → score 0–100 (null when Lighthouse could not score it). */
  scores: Record<string, number | null>;
  /** Largest Contentful Paint and Total Blocking Time, in milliseconds (simulated mobile). */
  lcpMs: number;
  tbtMs: number;
  /** Cumulative Layout Shift (unitless). */
  cls: number;
  /** JavaScript the page loads, in bytes as transferred (compressed). */
  scriptBytes: number;
  /** Of the script files that ran in the load, how many started before the largest paint (from the trace). */
  scriptsBeforeLcp?: { before: number; all: number };
  /** Gated categories below 100. */
  belowGate: string[];
  /** "category: audit-id — title" for every scored audit below full marks in a gated category. */
  failures: string[];
}

/** The fields read of a trace event as Lighthouse records them (`artifacts.Trace.traceEvents`). */
export interface TraceEvent {
  name: string;
  ts: number;
  args?: { data?: { url?: string } };
}

/**
 * Of the script files (`.js` URLs) evaluated during the load, how many started to run before
 * the last largest-contentful-paint candidate, both in the load Lighthouse traced (at full
 * speed when it simulates). Its simulated LCP counts each of those files' download and run, so this count is
 * what moves LCP between its values on the same page (docs/benchmarks.md, "what decides LCP's
 * mode"). Undefined without a candidate.
 */
export function scriptsBeforeLcp(
  events: TraceEvent[],
): { before: number; all: number } | undefined {
  const candidates = events.filter((event) => event.name === "largestContentfulPaint::Candidate");
  const lcp = candidates.at(-1)?.ts;
  if (lcp === undefined) return undefined;
  const firstRun = new Map<string, number>();
  for (const event of events) {
    const url = event.args?.data?.url;
    if (event.name !== "EvaluateScript" || !url || !URL.canParse(url)) continue;
    if (!new URL(url).pathname.endsWith(".js")) continue;
    firstRun.set(url, Math.min(event.ts, firstRun.get(url) ?? event.ts));
  }
  const starts = [...firstRun.values()];
  return { before: starts.filter((ts) => ts < lcp).length, all: starts.length };
}

interface ResourceRow {
  resourceType: string;
  transferSize: number;
}

/**
 * The run whose performance score is the median of `runs` (Lighthouse's own advice for
 * noisy scores: keep one whole run rather than mixing metrics of different runs).
 */
export function medianRun(runs: PageSummary[]): PageSummary {
  const sorted = [...runs].sort(
    (a, b) => (a.scores.performance ?? -1) - (b.scores.performance ?? -1),
  );
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!median) throw new Error("no runs to take the median of");
  return median;
}

/** Summarizes one page's report (`lhr`, Lighthouse's result object) and, when given, its trace. */
export function summarize(page: string, lhr: Result, trace?: TraceEvent[]): PageSummary {
  const scores = Object.fromEntries(
    CATEGORIES.map((id) => {
      const score = lhr.categories[id]?.score;
      return [id, typeof score === "number" ? Math.round(score * 100) : null];
    }),
  );
  const failures: string[] = [];
  for (const id of GATED) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (audit && audit.score !== null && audit.score < 1) {
        failures.push(`${id}: ${audit.id} — ${audit.title}`);
      }
    }
  }
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const resources = (lhr.audits["resource-summary"]?.details as { items?: ResourceRow[] })?.items;
  return {
    page,
    scores,
    lcpMs: Math.round(metric("largest-contentful-paint")),
    tbtMs: Math.round(metric("total-blocking-time")),
    cls: Number(metric("cumulative-layout-shift").toFixed(3)),
    scriptBytes: resources?.find((row) => row.resourceType === "script")?.transferSize ?? 0,
    scriptsBeforeLcp: trace ? scriptsBeforeLcp(trace) : undefined,
    belowGate: GATED.filter((id) => scores[id] !== 100),
    failures,
  };
}

/**
 * One row per page, columns aligned: the scores, LCP ms, TBT ms, CLS, JavaScript KB and the
 * script files run before the largest paint ("JS before LCP", of all that ran); with
 * `floorOf`, each page also beside its floor row: performance points above it (negative:
 * below) and TBT as a multiple of the floor's.
 */
export function formatTable(
  rows: PageSummary[],
  floorOf?: (row: PageSummary) => PageSummary | undefined,
): string {
  const header = ["page", "performance", "accessibility", "best practices", "SEO"];
  const lines = [
    [
      ...header,
      "LCP ms",
      "TBT ms",
      "CLS",
      "JS KB",
      "JS before LCP",
      ...(floorOf ? ["vs floor", "TBT x"] : []),
    ],
    ...rows.map((row) => {
      const floor = floorOf?.(row);
      const versus = floorOf
        ? [
            floor ? signed((row.scores.performance ?? 0) - (floor.scores.performance ?? 0)) : "",
            floor && floor.tbtMs > 0 ? (row.tbtMs / floor.tbtMs).toFixed(2) : "",
          ]
        : [];
      return [
        row.page,
        ...CATEGORIES.map((id) => String(row.scores[id] ?? "n/a")),
        String(row.lcpMs),
        String(row.tbtMs),
        String(row.cls),
        (row.scriptBytes / 1024).toFixed(1),
        row.scriptsBeforeLcp ? `${row.scriptsBeforeLcp.before}/${row.scriptsBeforeLcp.all}` : "",
        ...versus,
      ];
    }),
  ];
  const widths = (lines[0] ?? []).map((_, i) =>
    Math.max(...lines.map((line) => line[i]?.length ?? 0)),
  );
  return lines
    .map((line) =>
      line
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const signed = (points: number) => (points > 0 ? `+${points}` : String(points));
