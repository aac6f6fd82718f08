/** What the results were measured on: machine, runtime, database server, code version. */
import { spawnSync } from "node:child_process";
import os from "node:os";
import { root } from "../processes.ts";
import { serverVersion } from "./database.ts";

function codeVersion(): string {
  const git = (...args: string[]) =>
    spawnSync("git", args, { cwd: root, encoding: "utf8" }).stdout?.trim() ?? "";
  const commit = git("rev-parse", "--short", "HEAD") || "unknown";
  return git("status", "--porcelain", "--", "apps", "packages") ? `${commit}+changes` : commit;
}

export async function describeMachine(databaseUrl: string): Promise<string> {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  const postgres = await serverVersion(databaseUrl);
  return `${os.availableParallelism()} cores (${cpu}), ${memory} GiB RAM, Node ${process.version}, PostgreSQL ${postgres.split(" ")[0]}, code ${codeVersion()}`;
}

/** Other work on the machine skews every number: say so before measuring. */
export function warnIfBusy(log: (message: string) => void): void {
  const [oneMinute = 0] = os.loadavg();
  if (oneMinute > 1) {
    log(`warning: load average ${oneMinute.toFixed(2)} before the start; results will be noisy`);
  }
}
