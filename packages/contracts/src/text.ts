import { z } from "zod";

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
}

const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /(?!\r\n|\n|\t)\p{Cc}|\r(?!\n)/u;

/** The one set of text rules (R-A11): the problem in words, or undefined. */
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

/** A zod string checked by `textProblem` (in NFC with `nfc`). */
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
