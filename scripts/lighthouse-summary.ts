/**
 * What `npm run audit:pages` keeps of a Lighthouse report: the four category scores, three
 * metrics, and the gate (accessibility, best practices and SEO at 100 on every page).
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
  /** Gated categories below 100. */
  belowGate: string[];
  /** "category: audit-id — title" for every scored audit below full marks in a gated category. */
  failures: string[];
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
  return {
    page,
    scores,
    lcpMs: Math.round(metric("largest-contentful-paint")),
    tbtMs: Math.round(metric("total-blocking-time")),
    cls: Number(metric("cumulative-layout-shift").toFixed(3)),
    belowGate: GATED.filter((id) => scores[id] !== 100),
    failures,
  };
}

/** One row per page, columns aligned: the scores, then LCP ms, TBT ms and CLS. */
export function formatTable(rows: PageSummary[]): string {
  const lines = [
    ["page", "performance", "accessibility", "best practices", "SEO", "LCP ms", "TBT ms", "CLS"],
    ...rows.map((row) => [
      row.page,
      ...CATEGORIES.map((id) => String(row.scores[id] ?? "n/a")),
      String(row.lcpMs),
      String(row.tbtMs),
      String(row.cls),
    ]),
  ];
  const widths = (lines[0] ?? []).map((_, i) =>
    Math.max(...lines.map((line) => line[i]?.length ?? 0)),
  );
  return lines
    .map((line) =>
      line
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  "),
    )
    .join("\n");
}
