/**
 * The rules the repository cites resolve inside it: every requirement id (`R-…`) named in
 * code, tests or docs is defined in docs/requirements.md, and every decision record carries
 * a date and a status, so a reader can open every rule the code names; and every file the
 * docs name by its path is there.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./processes.ts";
import { sourceFiles } from "./source-files.ts";

const SOURCE = /\.(ts|tsx|md)$/;
const SKIP = new Set(["node_modules", "dist", "test-results"]);
const files = (dir: string) => sourceFiles(dir, { skip: SKIP, keep: (name) => SOURCE.test(name) });

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

  it("every file the README and docs name by its repository path exists", () => {
    // A path as the docs write it: from a top folder to a file's extension.
    const PATH =
      /(?<![\w./-])((?:apps|packages|scripts|e2e|docs)\/[\w.()/-]*\.(?:tsx|ts|mjs|md|sql|json|css|png))(?![\w-])/g;
    const decisions = path.join(root, "docs/decisions");
    const docs = [
      "README.md",
      ...readdirSync(path.join(root, "docs"))
        .filter((name) => name.endsWith(".md"))
        .map((name) => `docs/${name}`),
      ...readdirSync(decisions)
        .filter((name) => name.endsWith(".md"))
        // A superseded record keeps the history it tells, files since gone included.
        .filter((name) => !/^Status: superseded/m.test(read(path.join(decisions, name))))
        .map((name) => `docs/decisions/${name}`),
    ];
    const missing = docs.flatMap((doc) =>
      [...read(path.join(root, doc)).matchAll(PATH)]
        .map((match) => match[1] as string)
        .filter((named) => !existsSync(path.join(root, named)))
        .map((named) => `${doc}: ${named}`),
    );
    expect(missing).toEqual([]);
  });
});
