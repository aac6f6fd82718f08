/** Whether the web app's production build is missing or older than its sources. */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

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
  for (const child of readdirSync(entry))
    newest = Math.max(newest, newestChange(path.join(entry, child)));
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
