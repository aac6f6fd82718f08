/** HTTP load phases with autocannon: a short warm-up, then a fixed-length measurement. */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

export interface LoadOptions {
  url: string;
  /** The server's process id: its CPU time per request is measured too (Linux only). */
  pid?: number;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  /** Mean requests per second over the measured phase. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx answers plus connection errors and timeouts: must be 0 for a valid row. */
  failures: number;
  /** The server process's CPU time (user + system, all threads) per request, µs. */
  cpuPerRequestUs?: number;
  /** The measured phase on the monotonic clock, in µs (as V8's CPU profiles count time). */
  window: { fromUs: number; toUs: number };
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * utime + stime in µs from /proc (10 ms clock ticks): of the whole process (all threads),
 * or with `mainThread` of its main (JavaScript) thread only. Undefined off Linux.
 */
export function cpuTimeUs(pid: number | undefined, mainThread = false): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}${mainThread ? `/task/${pid}` : ""}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

async function fire(options: LoadOptions, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: options.url,
    headers: options.headers,
    connections: options.connections,
    duration,
    // Stop a broken phase early rather than measure errors.
    bailout: 100,
  });
}

export async function measureLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await fire(options, options.warmupSeconds);
  const fromUs = nowUs();
  const cpuBefore = cpuTimeUs(options.pid);
  const result = await fire(options, options.durationSeconds);
  const cpuAfter = cpuTimeUs(options.pid);
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
  return {
    cpuPerRequestUs: cpu === undefined ? undefined : cpu / Math.max(1, result.requests.total),
    window: { fromUs, toUs: nowUs() },
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** One request up front: the phase is only meaningful if the answer is the expected one. */
export async function expectJson<T>(
  url: string,
  headers: Record<string, string>,
  check: (body: T) => boolean,
): Promise<void> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  if (!check(JSON.parse(text) as T))
    throw new Error(`${url} answered unexpectedly: ${text.slice(0, 300)}`);
}

export const median = (values: number[]) => percentile(values, 50);

/** Nearest-rank percentile of a small sample. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
