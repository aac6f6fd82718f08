/**
 * The web app's production build, made when it is missing or older than its sources.
 * `npm start` calls this; so does `npm run test:e2e`, before it starts any server.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const sourceRoots = [
  "apps/web/src",
  "apps/web/server.ts",
  "apps/web/next.config.ts",
  "packages/contracts/src",
  "packages/db/src",
];

function newestChange(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry)) {
    newest = Math.max(newest, newestChange(path.join(entry, child)));
  }
  return newest;
}

export function webBuildIsStale(root: string): boolean {
  const buildId = path.join(root, "apps/web/.next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return sourceRoots.some((entry) => {
    const full = path.join(root, entry);
    return existsSync(full) && newestChange(full) > builtAt;
  });
}

export function buildWebIfStale(root: string, log: (message: string) => void): void {
  if (!webBuildIsStale(root)) return;
  log("building the web app (first start, or its sources changed)");
  const build = spawnSync("npm", ["run", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error("the web build failed");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildWebIfStale(fileURLToPath(new URL("..", import.meta.url)), (message) =>
    console.info(`[build] ${message}`),
  );
}
