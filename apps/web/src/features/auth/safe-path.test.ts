import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeReturnPath } from "./safe-path.ts";

const SITE = "https://tasks.example";

/** What a browser does with the answer: resolve it against the page it is on. */
function landsOnSite(answer: string): boolean {
  return new URL(answer, `${SITE}/signin?next=x`).origin === SITE;
}

/** Pieces attackers and tools combine into return paths. */
const piece = fc.constantFrom(
  "/",
  "//",
  "\\",
  "/\\",
  ".",
  "..",
  "./",
  "../",
  "/./",
  "/../",
  "%2e",
  "%2E%2e",
  "%2f",
  "%2F",
  "%5c",
  "%09",
  "%00",
  "\t",
  "\n",
  "\r",
  " ",
  "\u0000",
  "\u3002",
  "evil.example",
  "@evil.example",
  "evil.example:443",
  "http:",
  "https:",
  "javascript:alert(1)",
  "?",
  "#",
  "&next=//x",
  "dashboard",
  "signin",
  "ｅvil",
);

const pathLike = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(""));

describe("safeReturnPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeReturnPath("/dashboard?status=completed")).toBe("/dashboard?status=completed");
    expect(safeReturnPath("/dashboard#list")).toBe("/dashboard#list");
    expect(safeReturnPath("/a/../dashboard")).toBe("/dashboard");
    // Escapes stay escaped: no header can be injected through them.
    expect(safeReturnPath("/%0d%0aLocation:x")).toBe("/%0d%0aLocation:x");
  });

  it.each([
    null,
    undefined,
    ["/a", "/b"],
    42,
    "",
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "/./\\evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "dashboard",
    "/signin",
    "/signup/",
    "/./signin",
  ] as unknown[])("sends %j to the dashboard", (next) => {
    expect(safeReturnPath(next)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("answers only same-site paths for any input (property)", () => {
    fc.assert(
      fc.property(fc.oneof(pathLike, fc.string({ unit: "binary" }), fc.webUrl()), (next) => {
        const answer = safeReturnPath(next);
        expect(answer.startsWith("/")).toBe(true);
        expect(answer.startsWith("//")).toBe(false);
        expect(answer).not.toMatch(/[\p{Cc} \\]/u);
        expect(landsOnSite(answer)).toBe(true);
        // A second pass changes nothing: the answer is already what a browser would use.
        expect(safeReturnPath(answer) === answer || answer === DEFAULT_AFTER_SIGN_IN).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it("keeps the way back for paths a person could have asked for (property)", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
        const path = `/${segments.join("/")}`;
        const expected = ["/signin", "/signup"].includes(path) ? DEFAULT_AFTER_SIGN_IN : path;
        expect(safeReturnPath(path)).toBe(expected);
      }),
    );
  });
});
