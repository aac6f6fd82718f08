import "server-only";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * bcrypt on threads of its own, at most all cores but one: on libuv's pool it starved Web
 * Crypto (the session cookie's HMAC), zlib and file access.
 */

type Job =
  | { op: "hash"; input: string; cost: number }
  | { op: "compare"; input: string; hash: string };

interface Pending {
  job: Job;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

/** Plain CommonJS run by each worker; bcrypt is resolved from the server's entry point. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(require.resolve("bcrypt", { paths: workerData.searchFrom }));
parentPort.on("message", (job) => {
  try {
    const result =
      job.op === "hash" ? bcrypt.hashSync(job.input, job.cost) : bcrypt.compareSync(job.input, job.hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
});
`;

/** More waiting than this is a flood: refuse at once rather than queue for minutes. */
const MAX_QUEUED = 256;

export function createHashingPool(size = Math.max(1, os.availableParallelism() - 1)) {
  const workers = new Set<Worker>();
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  const queue: Pending[] = [];

  function spawn(): Worker {
    const searchFrom = [path.dirname(process.argv[1] ?? "."), process.cwd()];
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { searchFrom } });
    worker.unref(); // never what keeps the server running
    worker.on("message", (message: { result?: string | boolean; error?: string }) => {
      const task = busy.get(worker);
      busy.delete(worker);
      if (task) {
        if (message.error !== undefined) task.reject(new Error(message.error));
        else task.resolve(message.result as string | boolean);
      }
      idle.push(worker);
      next();
    });
    // A worker that fails takes only its own job down; the next job starts a new one.
    const lost = (error: Error) => {
      if (!workers.delete(worker)) return; // "error" is followed by "exit"
      const index = idle.indexOf(worker);
      if (index >= 0) idle.splice(index, 1);
      busy.get(worker)?.reject(error);
      busy.delete(worker);
      next();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`hashing worker exited with code ${code}`)));
    workers.add(worker);
    return worker;
  }

  function next() {
    while (queue.length > 0) {
      let worker = idle.pop();
      if (!worker && workers.size < size) {
        try {
          worker = spawn();
        } catch (error) {
          // No thread to be had (resource limits): this job fails, the server stays up.
          queue.shift()?.reject(error instanceof Error ? error : new Error(String(error)));
          continue;
        }
      }
      if (!worker) return;
      const task = queue.shift() as Pending;
      busy.set(worker, task);
      worker.postMessage(task.job);
    }
  }

  function run<T extends string | boolean>(job: Job): Promise<T> {
    if (queue.length >= MAX_QUEUED) {
      return Promise.reject(new Error("too many password hashes waiting"));
    }
    return new Promise<T>((resolve, reject) => {
      queue.push({ job, resolve: resolve as Pending["resolve"], reject });
      next();
    });
  }

  return {
    hash: (input: string, cost: number) => run<string>({ op: "hash", input, cost }),
    compare: (input: string, hash: string) => run<boolean>({ op: "compare", input, hash }),
    size,
  };
}
