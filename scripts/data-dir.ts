/** The project's local data folder (.data/): the embedded database and generated secrets. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** DATA_DIR moves it elsewhere (tests use a temporary folder). */
const dataDir = process.env.DATA_DIR || fileURLToPath(new URL("../.data", import.meta.url));

export function dataPath(name: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return path.join(dataDir, name);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PGlite allows one process per data folder; a second `npm start` must not open it too. */
export function acquireDataLock(): void {
  const lockFile = dataPath("start.pid");
  let holder = Number.NaN;
  try {
    holder = Number(readFileSync(lockFile, "utf8"));
  } catch {
    // no lock yet
  }
  if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
    throw new Error(`another npm start (pid ${holder}) is using ${dataDir}; stop it first`);
  }
  writeFileSync(lockFile, String(process.pid));
  process.on("exit", () => rmSync(lockFile, { force: true }));
}
