/**
 * The audit's gate: accessibility, best practices and SEO at 100, with the audits that fell
 * short named; performance and the metrics reported, never gating.
 */
import type { Result } from "lighthouse";
import { describe, expect, it } from "vitest";
import { formatTable, summarize } from "./lighthouse-summary.ts";

type Audit = { id: string; title: string; score: number | null; numericValue?: number };

function report(scores: Record<string, number>, audits: Audit[], refs: Record<string, string[]>) {
  const categories = Object.fromEntries(
    Object.entries(scores).map(([id, score]) => [
      id,
      { id, score, auditRefs: (refs[id] ?? []).map((ref) => ({ id: ref, weight: 1 })) },
    ]),
  );
  return {
    categories,
    audits: Object.fromEntries(audits.map((a) => [a.id, a])),
  } as unknown as Result;
}

const metrics: Audit[] = [
  { id: "largest-contentful-paint", title: "LCP", score: 0.9, numericValue: 1530.4 },
  { id: "total-blocking-time", title: "TBT", score: 0.8, numericValue: 210.6 },
  { id: "cumulative-layout-shift", title: "CLS", score: 1, numericValue: 0.01234 },
];

describe("summarize", () => {
  it("passes a page at 100 in the gated categories whatever its performance", () => {
    const lhr = report(
      { performance: 0.42, accessibility: 1, "best-practices": 1, seo: 1 },
      [...metrics, { id: "speed-index", title: "Speed Index", score: 0.3 }],
      { performance: ["speed-index"] },
    );
    const summary = summarize("/", lhr);
    expect(summary).toMatchObject({
      scores: { performance: 42, accessibility: 100, "best-practices": 100, seo: 100 },
      lcpMs: 1530,
      tbtMs: 211,
      cls: 0.012,
      belowGate: [],
      failures: [],
    });
  });

  it("names the gated categories below 100 and the audits that failed in them", () => {
    const lhr = report(
      { performance: 1, accessibility: 1, "best-practices": 0.96, seo: 0.92 },
      [
        ...metrics,
        { id: "errors-in-console", title: "Browser errors were logged", score: 0 },
        { id: "inspector-issues", title: "Issues were logged", score: 1 },
        { id: "meta-description", title: "No meta description", score: 0 },
        { id: "csp-xss", title: "CSP is effective", score: null },
      ],
      {
        "best-practices": ["errors-in-console", "inspector-issues", "csp-xss"],
        seo: ["meta-description"],
      },
    );
    const summary = summarize("/signin", lhr);
    expect(summary.belowGate).toEqual(["best-practices", "seo"]);
    expect(summary.failures).toEqual([
      "best-practices: errors-in-console — Browser errors were logged",
      "seo: meta-description — No meta description",
    ]);
  });
});

describe("formatTable", () => {
  it("prints one aligned row per page", () => {
    const lhr = report(
      { performance: 0.81, accessibility: 1, "best-practices": 1, seo: 1 },
      metrics,
      {},
    );
    const lines = formatTable([summarize("/", lhr), summarize("/dashboard", lhr)]).split("\n");
    expect(lines[0]).toBe(
      "page        performance  accessibility  best practices  SEO  LCP ms  TBT ms    CLS",
    );
    expect(lines[2]).toBe(
      "/dashboard           81            100             100  100    1530     211  0.012",
    );
  });
});
