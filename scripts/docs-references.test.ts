/**
 * The rules the repository cites resolve inside it: every requirement id (`R-…`) named in
 * code, tests or docs is defined in docs/requirements.md, and every decision record carries
 * a date and a status (issue 19's "readable rules").
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./processes.ts";

const SOURCE = /\.(ts|tsx|md)$/;
const SKIP = new Set(["node_modules", ".next", ".data", "dist", "test-results"]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name) || entry.name.startsWith(".")) return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : SOURCE.test(entry.name) ? [full] : [];
  });
}

const read = (file: string) => readFileSync(file, "utf8");
const REQUIREMENT_ID = /\bR-[A-Z]{1,2}\d+\b/g;

describe("references", () => {
  it("every requirement id cited is defined in docs/requirements.md", () => {
    const defined = new Set(
      [...read(path.join(root, "docs/requirements.md")).matchAll(/\*\*(R-[A-Z]{1,2}\d+)\*\*/g)].map(
        (match) => match[1],
      ),
    );
    const undefinedIds = ["apps", "packages", "scripts", "e2e", "docs", "README.md"]
      .flatMap((entry) => {
        const full = path.join(root, entry);
        return SOURCE.test(entry) ? [full] : files(full);
      })
      .flatMap((file) =>
        [...read(file).matchAll(REQUIREMENT_ID)]
          .map((match) => match[0])
          .filter((id) => !defined.has(id))
          .map((id) => `${path.relative(root, file)}: ${id}`),
      );
    expect(defined.size).toBeGreaterThan(50);
    expect([...new Set(undefinedIds)]).toEqual([]);
  });

  it("every decision record has a date and a status", () => {
    const dir = path.join(root, "docs/decisions");
    const missing = readdirSync(dir)
      .filter((name) => name.endsWith(".md"))
      .filter((name) => {
        const text = read(path.join(dir, name));
        return !/^Date: \d{4}-\d{2}-\d{2}$/m.test(text) || !/^Status: \S/m.test(text);
      });
    expect(missing).toEqual([]);
  });
});
