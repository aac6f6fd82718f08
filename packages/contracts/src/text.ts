/** The text rules (R-A11) without zod; `textField` (text-field.ts) is their zod string. */

/** Length in characters (Unicode code points), as PostgreSQL and JSON Schema count them. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

export interface TextRules {
  label: string;
  min: number;
  max: number;
  multiline?: boolean;
  /** Count the length in NFC, the form the value is compared in (passwords, SPEC R-A3). */
  countNfc?: boolean;
  /** Compared or searched text (R-A11): checked and stored in NFC. */
  nfc?: boolean;
  /** Shown as a label (a title, a tag): only spaces and invisible characters count as empty. */
  shown?: boolean;
  /** A rule of this field alone, checked last: the problem in words, or undefined. */
  also?: (value: string) => string | undefined;
}

const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /(?!\r\n|\n|\t)\p{Cc}|\r(?!\n)/u;
/** U+2028 and U+2029 break lines as `\n` does, which a one-line field refuses. */
const LINE_SEPARATOR = /[\p{Zl}\p{Zp}]/u;
/** Nothing a reader sees: spaces, and characters drawn as nothing (U+200B, U+2060, U+FEFF…). */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*$/u;

/** The one set of text rules (R-A11): the problem in words, or undefined. */
export function textProblem(value: string, rules: TextRules): string | undefined {
  const { label, min, max, multiline = false, countNfc = false } = rules;
  if (!value.isWellFormed()) return `${label} must be valid Unicode text`;
  if ((multiline ? CONTROL_BUT_LINES : CONTROL).test(value)) {
    return multiline
      ? `${label} must not contain control characters other than newline and tab`
      : `${label} must not contain control characters`;
  }
  if (!multiline && LINE_SEPARATOR.test(value)) return `${label} must be on one line`;
  const length = characterCount(countNfc ? value.normalize("NFC") : value);
  if (length < min || (rules.shown && min > 0 && INVISIBLE_ONLY.test(value))) {
    return min === 1 ? `${label} is required` : `${label} must be at least ${min} characters`;
  }
  if (length > max) return `${label} must be at most ${max} characters`;
  return rules.also?.(value);
}

/** `text` as a trimmed field's schema reads it (trimmed, NFC with `nfc`); undefined if refused. */
export function trimmedText(text: string, rules: TextRules): string | undefined {
  const value = rules.nfc ? text.trim().normalize("NFC") : text.trim();
  return textProblem(value, rules) === undefined ? value : undefined;
}
