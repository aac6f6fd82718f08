/** The one results table, printed as Markdown so it can go into docs/benchmarks.md as is. */

export type Group = "api" | "floor" | "web" | "embedded";

export interface ResultRow {
  key: string;
  scenario: string;
  group: Group;
  /** Requests per second; absent for sequential samples. */
  rps?: number;
  /** Server CPU time per request, µs: all the server's threads. */
  cpuUs?: number;
  /** Median latency, ms. */
  p50?: number;
  /** Tail latency, ms, at `tailLabel` (p99 for load phases, p95 for small samples). */
  tail?: number;
  tailLabel?: "p99" | "p95";
  note?: string;
}

const ms = (value: number | undefined) =>
  value === undefined ? "–" : value < 10 ? value.toFixed(2) : value.toFixed(1);

export function formatTable(rows: ResultRow[]): string {
  const header = ["#", "scenario", "req/s", "CPU µs/req", "p50 ms", "tail ms", "compared"];
  const body = rows.map((row) => [
    row.key,
    row.scenario,
    row.rps === undefined ? "–" : row.rps.toFixed(0),
    row.cpuUs === undefined ? "–" : row.cpuUs.toFixed(0),
    ms(row.p50),
    row.tail === undefined ? "–" : `${ms(row.tail)} (${row.tailLabel ?? "p99"})`,
    row.note ?? "",
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((cells) => (cells[i] ?? "").length)),
  );
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, i) =>
        numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

export const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
