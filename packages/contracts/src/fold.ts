/** The one case-insensitive comparison (R-A11, decision 027): full case folding of the NFC text. */
import { FULL_FOLDINGS, SIMPLE_FOLDING_RUNS } from "./case-folding-data.ts";

function decodeTable(): Map<number, string> {
  const table = new Map<number, string>();
  for (const run of SIMPLE_FOLDING_RUNS.split(" ")) {
    const [first = 0, count = 0, step = 1, delta = 0] = run.split(",").map((n) => parseInt(n, 36));
    for (let i = 0; i < count; i++) {
      const from = first + i * step;
      table.set(from, String.fromCodePoint(from + delta));
    }
  }
  for (const entry of FULL_FOLDINGS.split(" ")) {
    const [from = "", to = ""] = entry.split(":");
    table.set(
      parseInt(from, 36),
      String.fromCodePoint(...to.split(".").map((n) => parseInt(n, 36))),
    );
  }
  return table;
}

const folding = decodeTable();
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII, control characters included.
const ASCII = /^[\u0000-\u007f]*$/;

/** `text` in NFC, case-folded, in NFC again (idempotent; `ΟΔΟΣ` ≡ `οδος`, `Straße` ≡ `STRASSE`). */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  let folded = "";
  for (const character of text.normalize("NFC")) {
    folded += folding.get(character.codePointAt(0) ?? 0) ?? character;
  }
  return folded.normalize("NFC");
}
