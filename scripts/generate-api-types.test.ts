import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { servedDocument } from "../apps/api/src/testing/document.ts";
import { OUTPUT, renderApiTypes } from "./generate-api-types.ts";

describe("the browser client's API types", () => {
  it("are what `npm run api-types` writes from the API's document", async () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(await renderApiTypes(await servedDocument()));
  });
});
