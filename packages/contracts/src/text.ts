import { z } from "zod";

/** Length in characters (Unicode code points), as PostgreSQL and JSON Schema count them. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

export interface TextRules {
  /** The field's name as a person reads it: "Title", "Password". */
  label: string;
  /** Bounds in characters (code points), inclusive. */
  min: number;
  max: number;
  /** Newline (LF or CRLF) and tab are allowed: descriptions. */
  multiline?: boolean;
  /** Count the length in NFC, the form the value is compared in (passwords, SPEC R-A3). */
  countNfc?: boolean;
  /**
   * Text that is compared or searched (SPEC R-A11): `textField` turns it into NFC before
   * the rules are checked, so it is stored, measured and compared in that form.
   */
  nfc?: boolean;
}

/** Control characters (Unicode Cc: C0, DEL, C1), NUL among them. */
const CONTROL = /\p{Cc}/u;
/** The same, but for newline (LF, CRLF) and tab. */
const CONTROL_BUT_LINES = /(?!\r\n|\n|\t)\p{Cc}|\r(?!\n)/u;

/**
 * The one set of text rules (SPEC R-A11) for everything a person types: names, emails,
 * passwords, task fields, tags, search. Valid Unicode (no unpaired surrogates: UTF-8
 * cannot carry them, so two different strings would be stored as one), no control
 * characters (PostgreSQL cannot store NUL; the others corrupt logs and displays) except
 * newline and tab in multi-line fields, and a length in characters. Returns the problem
 * in words that name the field, or undefined when the text is acceptable.
 */
export function textProblem(value: string, rules: TextRules): string | undefined {
  const { label, min, max, multiline = false, countNfc = false } = rules;
  if (!value.isWellFormed()) return `${label} must be valid Unicode text`;
  if ((multiline ? CONTROL_BUT_LINES : CONTROL).test(value)) {
    return multiline
      ? `${label} must not contain control characters other than newline and tab`
      : `${label} must not contain control characters`;
  }
  const length = characterCount(countNfc ? value.normalize("NFC") : value);
  if (length < min) {
    return min === 1 ? `${label} is required` : `${label} must be at least ${min} characters`;
  }
  if (length > max) return `${label} must be at most ${max} characters`;
  return undefined;
}

/**
 * A zod string checked by `textProblem`, stored as given (trim it before, if needed), or
 * in NFC with `nfc`.
 */
export function textField(rules: TextRules) {
  const text = z.string({
    error: (issue) =>
      issue.input === undefined ? `${rules.label} is required` : `${rules.label} must be a string`,
  });
  return (rules.nfc ? text.normalize("NFC") : text)
    .check((ctx) => {
      const message = textProblem(ctx.value, rules);
      if (message) ctx.issues.push({ code: "custom", message, input: ctx.value });
    })
    .meta({ minLength: rules.min, maxLength: rules.max });
}
