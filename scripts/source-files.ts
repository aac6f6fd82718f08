/**
 * The files under `dir` (absolute paths) whose names `keep` accepts, walking every directory
 * but those `skip` names and hidden ones (`.next`, `.data`): for tests that read the sources.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

export function sourceFiles(
  dir: string,
  { skip, keep }: { skip: ReadonlySet<string>; keep: (name: string) => boolean },
): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".")) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : sourceFiles(full, { skip, keep });
    return keep(entry.name) ? [full] : [];
  });
}
