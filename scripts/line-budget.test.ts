/**
 * The API and the packages stay small enough to read whole (docs/architecture.md, "Size"):
 * at most 4,800 non-blank lines of product code together (comments count; tests, test
 * support, fuzzing and the generated case-folding table do not), and no product file over 300.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { sourceFiles } from "./source-files.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

const BUDGET = 4_800;
const MAX_FILE_LINES = 300;
const PARTS = ["apps/api", "packages/contracts", "packages/db", "packages/service"];
const SKIPPED_DIRECTORIES = new Set(["node_modules", "dist", "testing", "fuzz"]);

const isProductFile = (name: string) =>
  name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.includes("case-folding");

const nonBlankLines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "").length;

it(`the API and packages hold at most ${BUDGET} lines, no file over ${MAX_FILE_LINES}`, () => {
  const counts = PARTS.flatMap((part) =>
    sourceFiles(path.join(root, part), { skip: SKIPPED_DIRECTORIES, keep: isProductFile }),
  ).map((file) => ({
    file: path.relative(root, file),
    lines: nonBlankLines(file),
  }));
  const total = counts.reduce((sum, { lines }) => sum + lines, 0);
  expect(counts.length).toBeGreaterThan(50); // the walk found the code
  expect(counts.filter(({ lines }) => lines > MAX_FILE_LINES)).toEqual([]);
  expect(total).toBeLessThanOrEqual(BUDGET);
});
