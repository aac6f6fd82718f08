import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-path.ts";

describe("safeReturnPath", () => {
  it("keeps paths on this site", () => {
    expect(safeReturnPath("/dashboard?filter=active")).toBe("/dashboard?filter=active");
  });

  it.each([
    null,
    "",
    "https://evil.test/",
    "//evil.test",
    "/\\evil.test",
    "\\\\evil.test",
    "javascript:alert(1)",
    "/%0d%0aLocation:x",
    "dashboard",
    "/signin",
  ])("refuses %s", (next) => {
    const result = safeReturnPath(next);
    expect(result.startsWith("/")).toBe(true);
    expect(result.startsWith("//")).toBe(false);
    expect(new URL(result, "http://site.test").origin).toBe("http://site.test");
  });
});
