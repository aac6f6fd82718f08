/**
 * If-Match lists (RFC 9110 §13.1.1, §8.8.3, §5.6.1): any list of entity-tags, written with
 * any optional white space, empty elements and commas inside the quotes, reads as the tags
 * it holds; anything else is refused.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEntityTags, readIfMatch } from "./preconditions.ts";

const etagc = fc.constantFrom(..."!#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~\x80\xe9\xff");
const tag = fc.record({ weak: fc.boolean(), opaque: fc.string({ unit: etagc, maxLength: 8 }) });
const ows = fc.constantFrom("", " ", "\t", "  ");
const write = ({ weak, opaque }: { weak: boolean; opaque: string }) =>
  `${weak ? "W/" : ""}"${opaque}"`;

describe("If-Match (RFC 9110 §13.1.1)", () => {
  it("reads any list of entity-tags, commas inside quotes included (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(tag, ows, ows, fc.nat(2)), { minLength: 1, maxLength: 6 }),
        (elements) => {
          // Each element with white space around it, some followed by empty elements.
          const value = elements
            .map(([t, before, after, empty]) => `${before}${write(t)}${after}${",".repeat(empty)}`)
            .join(",");
          expect(parseEntityTags(value)).toEqual(elements.map(([t]) => t));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("accepts the versions of strong tags only", () => {
    expect(readIfMatch('"a,b", "7"')).toEqual([7]);
    expect(readIfMatch('W/"7", "8" ,,"x,\\"')).toEqual([8]);
    expect(readIfMatch(' "1","2" ')).toEqual([1, 2]);
    expect(readIfMatch('"0", "07", "abc", ""')).toEqual([]);
    expect(readIfMatch(" * ")).toBeUndefined();
    expect(readIfMatch(undefined)).toBeUndefined();
  });

  it("refuses what is not * or a list of entity-tags", () => {
    for (const value of [
      "",
      ",",
      "1",
      '"1',
      "W/1",
      'w/"1"',
      '"1" "2"',
      '"a"b"',
      "**",
      '*, "1"',
      '"\x7f"',
      '"a" ;',
    ]) {
      expect(() => readIfMatch(value), JSON.stringify(value)).toThrow();
    }
  });
});
