/** HTTP load phases with autocannon: a short warm-up, then a fixed-length measurement. */

import autocannon from "autocannon";
import pidusage from "pidusage";

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
 * A process's CPU time (user + system, all threads) in µs, by pidusage (10 ms clock ticks
 * on Linux); undefined when the process is gone.
 */
export async function cpuTimeUs(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    return (await pidusage(pid)).ctime * 1000;
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

/** One measured run, after any warm-up. */
async function measureOnce(options: LoadOptions, seconds: number): Promise<LoadResult> {
  const fromUs = nowUs();
  const cpuBefore = await cpuTimeUs(options.pid);
  const result = await fire(options, seconds);
  const cpuAfter = await cpuTimeUs(options.pid);
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

export async function measureLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await fire(options, options.warmupSeconds);
  return measureOnce(options, options.durationSeconds);
}

/**
 * Several targets measured in turns: each is warmed up, then `rounds` times each target
 * gets its share of `durationSeconds` in turn. A shared machine's speed drifts by tens of
 * percent over a minute; taking turns puts every target through the same drift, so
 * their ratios hold even when the absolute figures move. Per target: throughput over all
 * its rounds, CPU time over all its requests, and the median round's latencies.
 */
export async function measureInTurns(
  targets: LoadOptions[],
  rounds: number,
  onRound?: (round: number) => void,
): Promise<LoadResult[]> {
  for (const target of targets) {
    if (target.warmupSeconds > 0) await fire(target, target.warmupSeconds);
  }
  const runs: LoadResult[][] = targets.map(() => []);
  for (let round = 0; round < rounds; round++) {
    onRound?.(round + 1);
    for (const [i, target] of targets.entries()) {
      runs[i]?.push(await measureOnce(target, Math.max(1, target.durationSeconds / rounds)));
    }
  }
  return runs.map(combine);
}

function combine(runs: LoadResult[]): LoadResult {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.requests / Math.max(run.rps, 1e-9), 0);
  const cpu = runs.every((run) => run.cpuPerRequestUs !== undefined)
    ? runs.reduce((sum, run) => sum + (run.cpuPerRequestUs ?? 0) * run.requests, 0)
    : undefined;
  return {
    rps: requests / Math.max(seconds, 1e-9),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    requests,
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    cpuPerRequestUs: cpu === undefined ? undefined : cpu / Math.max(1, requests),
    window: { fromUs: runs[0]?.window.fromUs ?? 0, toUs: runs.at(-1)?.window.toUs ?? 0 },
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
