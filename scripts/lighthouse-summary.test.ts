/**
 * The audit's gate: accessibility, best practices and SEO at 100, with the audits that fell
 * short named; performance and the metrics reported, never gating.
 */
import type { Result } from "lighthouse";
import { describe, expect, it } from "vitest";
import { formatTable, medianRun, scriptBytesBeforeLcp, summarize } from "./lighthouse-summary.ts";

type Audit = {
  id: string;
  title: string;
  score: number | null;
  numericValue?: number;
  details?: unknown;
};

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
  {
    id: "resource-summary",
    title: "Resources",
    score: null,
    details: {
      items: [
        { resourceType: "total", transferSize: 200_000 },
        { resourceType: "script", transferSize: 153_600 },
      ],
    },
  } as Audit,
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
      scriptBytes: 153_600,
      belowGate: [],
      failures: [],
    });
  });

  it("keeps the run's CPU index, Lighthouse's measure of the machine's speed", () => {
    const lhr = report({ performance: 1 }, metrics, {});
    expect(summarize("/", lhr).cpuIndex).toBeUndefined();
    const measured = { ...lhr, environment: { benchmarkIndex: 1864.5 } } as Result;
    expect(summarize("/", measured).cpuIndex).toBe(1864.5);
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

describe("medianRun", () => {
  it("keeps the whole run whose performance is the median", () => {
    const run = (performance: number, tbtMs: number) =>
      ({ ...summarize("/", report({ performance }, metrics, {})), tbtMs }) as const;
    expect(medianRun([run(0.9, 1), run(0.7, 2), run(0.8, 3)])).toMatchObject({ tbtMs: 3 });
    expect(medianRun([run(0.9, 1)])).toMatchObject({ tbtMs: 1 });
  });
});

describe("formatTable", () => {
  const lhr = (performance: number) =>
    report({ performance, accessibility: 1, "best-practices": 1, seo: 1 }, metrics, {});

  it("prints one aligned row per page", () => {
    const lines = formatTable([summarize("/", lhr(0.81)), summarize("/dashboard", lhr(0.81))]);
    expect(lines.split("\n")[0]).toBe(
      "page        performance  accessibility  best practices  SEO  LCP ms  TBT ms    CLS  JS KB  JS KB before LCP  CPU index",
    );
    expect(lines.split("\n")[2]).toBe(
      "/dashboard           81            100             100  100    1530     211  0.012  150.0",
    );
    const early = { ...summarize("/", lhr(0.81)), scriptBytesBeforeLcp: 18_432 };
    expect(formatTable([early]).split("\n")[1]).toMatch(/ 150\.0 +18\.0$/);
    const measured = { ...early, cpuIndex: 2461.5 };
    expect(formatTable([measured]).split("\n")[1]).toMatch(/ 150\.0 +18\.0 +2462$/);
  });

  it("puts each page beside its floor: points above it and TBT as a multiple", () => {
    const floor = { ...summarize("floor /form", lhr(0.97)), tbtMs: 100 };
    const page = summarize("/signin", lhr(0.85));
    const lines = formatTable([page, floor], (row) => (row === floor ? undefined : floor));
    expect(lines.split("\n")[1]).toMatch(/^\/signin .* 150\.0 +-12 +2\.11$/);
    expect(lines.split("\n")[2]).toMatch(/ 150\.0$/);
  });
});

describe("scriptBytesBeforeLcp", () => {
  // The two audits count from different origins: the requests from the first request's start,
  // the paint from the trace's time origin; both carry their origin on the trace's clock (µs).
  const withLoad = (paintTs: number | undefined, networkStartTimeTs: number, requests: object[]) =>
    report(
      { performance: 1 },
      [
        {
          id: "metrics",
          title: "Metrics",
          score: null,
          details: {
            items: [
              { observedLargestContentfulPaint: 150, observedLargestContentfulPaintTs: paintTs },
            ],
          },
        },
        {
          id: "network-requests",
          title: "Requests",
          score: null,
          details: { items: requests, debugData: { networkStartTimeTs } },
        },
      ],
      {},
    );

  it("sums the scripts whose responses ended by the observed largest paint, on one clock", () => {
    // The paint at 1,150,000 µs; the first request began at 1,002,000 µs, so 148 ms after it.
    const lhr = withLoad(1_150_000, 1_002_000, [
      { resourceType: "Document", transferSize: 4_000, networkEndTime: 20 },
      { resourceType: "Stylesheet", transferSize: 6_000, networkEndTime: 60 },
      { resourceType: "Script", transferSize: 10_000, networkEndTime: 90 },
      { resourceType: "Script", transferSize: 8_000, networkEndTime: 148 },
      // Before the paint by the request clock alone (149 < 150 ms), after it on the trace's.
      { resourceType: "Script", transferSize: 70_000, networkEndTime: 149 },
      { resourceType: "Script", transferSize: 5_000 },
    ]);
    expect(scriptBytesBeforeLcp(lhr)).toBe(18_000);
    expect(summarize("/", lhr).scriptBytesBeforeLcp).toBe(18_000);
  });

  it("says nothing when the load had no observed LCP", () => {
    expect(scriptBytesBeforeLcp(withLoad(undefined, 0, []))).toBeUndefined();
  });
});
