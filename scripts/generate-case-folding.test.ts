import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OUTPUT, renderCaseFoldingModule } from "./generate-case-folding.ts";

describe("the case-folding table", () => {
  it("is what `npm run generate:case-folding` writes", () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(renderCaseFoldingModule());
  });
});
