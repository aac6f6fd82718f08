/**
 * What `npm run audit:pages` keeps of a Lighthouse report: the four category scores, three
 * metrics, the JavaScript a page ships and how much of it arrived before the largest paint, the
 * machine's speed as Lighthouse measured it, and the gate (accessibility, best practices and
 * SEO at 100 on every page); the median of several runs; each page beside the floor.
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
  /** Of `scriptBytes`, those that had arrived by the largest paint in the observed load. */
  scriptBytesBeforeLcp?: number;
  /**
   * Lighthouse's `benchmarkIndex`: a unitless measure of the machine's CPU speed (higher is
   * faster), taken once just before the page loads. The simulated phone is this machine slowed
   * four times, so rows measured at different speeds compare only so far.
   */
  cpuIndex?: number;
  /** Gated categories below 100. */
  belowGate: string[];
  /** "category: audit-id — title" for every scored audit below full marks in a gated category. */
  failures: string[];
}

/** The fields read of a row of Lighthouse's `network-requests` audit. */
interface NetworkRow {
  resourceType?: string;
  transferSize?: number;
  /** When the response ended: ms after the audit's `networkStartTimeTs` (the first request). */
  networkEndTime?: number;
}

/**
 * The JavaScript, in bytes as transferred, whose responses had ended when the page showed its
 * largest paint in the load Lighthouse observed (at full speed when it simulates), both on the
 * trace's clock (µs). Its simulated LCP counts the download of these scripts before the paint,
 * at the simulated network's speed, except those it sees start to run after the paint: so this
 * is the upper bound of what moves LCP between its values on the same page (docs/benchmarks.md,
 * "what decides LCP's mode"). Undefined when the report lacks either time.
 */
export function scriptBytesBeforeLcp(lhr: Result): number | undefined {
  const metrics = lhr.audits.metrics?.details as
    | { items?: { observedLargestContentfulPaintTs?: number }[] }
    | undefined;
  const paintTs = metrics?.items?.[0]?.observedLargestContentfulPaintTs;
  const requests = lhr.audits["network-requests"]?.details as
    | { items?: NetworkRow[]; debugData?: { networkStartTimeTs?: number } }
    | undefined;
  const startTs = requests?.debugData?.networkStartTimeTs;
  if (paintTs === undefined || startTs === undefined) return undefined;
  return (requests?.items ?? [])
    .filter((row) => row.resourceType === "Script" && row.networkEndTime !== undefined)
    .filter((row) => startTs + (row.networkEndTime as number) * 1000 <= paintTs)
    .reduce((sum, row) => sum + (row.transferSize ?? 0), 0);
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

/** Summarizes one page's report (`lhr`, Lighthouse's result object). */
export function summarize(page: string, lhr: Result): PageSummary {
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
    scriptBytesBeforeLcp: scriptBytesBeforeLcp(lhr),
    cpuIndex: lhr.environment?.benchmarkIndex,
    belowGate: GATED.filter((id) => scores[id] !== 100),
    failures,
  };
}

/**
 * One row per page, columns aligned: the scores, LCP ms, TBT ms, CLS, JavaScript KB, the part
 * of it that arrived before the largest paint ("JS KB before LCP") and the run's CPU index;
 * with `floorOf`, each page also beside its floor row: performance points above it
 * (negative: below) and TBT as a multiple of the floor's.
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
      "JS KB before LCP",
      "CPU index",
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
        row.scriptBytesBeforeLcp === undefined ? "" : (row.scriptBytesBeforeLcp / 1024).toFixed(1),
        row.cpuIndex === undefined ? "" : String(Math.round(row.cpuIndex)),
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
